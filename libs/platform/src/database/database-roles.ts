/**
 * The PostgreSQL roles the apps connect as (README "Database roles"). Roles are cluster-wide; what each may
 * do is granted per database by migration 1763800007000. Whoever runs the migrations (DATABASE_URL) owns
 * the schema.
 */
export const DATABASE_ROLES = {
  /** Appends to and reads `events`; reads and writes the derived tables, the outbox and dead letters. */
  monitor: 'vigil_monitor',
  /** Reads everything; appends only acknowledge/close, through `vigil_append_alert_action`. */
  api: 'vigil_api',
} as const;

export type AppDatabaseRole = keyof typeof DATABASE_ROLES;

/** `databaseUrl` with its user replaced by `role` and no password (trust or a ~/.pgpass entry; else set the URL). */
export function roleUrl(databaseUrl: string, role: string): string {
  const url = new URL(databaseUrl);
  url.username = role;
  url.password = '';
  return url.toString();
}

import { Client } from 'pg';

/** NOTIFY channels: a commit that appended events, or enqueued messages for Kafka, says so on one of these. */
export const WAKE_CHANNELS = { events: 'vigil_events', outbox: 'vigil_outbox' } as const;
export type WakeChannel = (typeof WAKE_CHANNELS)[keyof typeof WAKE_CHANNELS];

/** Inside a writing transaction: wakes every listener (in any process) once the transaction commits. */
export async function notifyOnCommit(
  sql: { query(sql: string, parameters?: unknown[]): Promise<unknown> },
  channel: WakeChannel,
): Promise<void> {
  await sql.query(`select pg_notify($1, '')`, [channel]);
}

/**
 * PostgreSQL LISTEN on one dedicated connection, so readers wake when work is committed instead of polling
 * for it: idle polling would otherwise set the floor of alert latency. NOTIFY is delivered at commit,
 * to this process and to every other instance alike. Losing the connection loses no work: listeners are
 * woken after every reconnect (they look once more), and the readers' own slow poll stays as a safety net.
 */
export class PgWakeups {
  private client?: Client;
  private readonly listeners = new Map<WakeChannel, Set<() => void>>();
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger?: { warn(message: string): void },
  ) {}

  on(channel: WakeChannel, listener: () => void): void {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(failures: number): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'vigil-wakeups' });
    client.on('notification', (message) => this.fire(message.channel as WakeChannel));
    client.on('error', (error) => this.lost(client, error));
    try {
      await client.connect();
      for (const channel of Object.values(WAKE_CHANNELS)) await client.query(`listen ${channel}`);
      if (this.stopped) return void (await client.end());
      this.client = client;
      for (const channel of this.listeners.keys()) this.fire(channel);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.reconnectLater(failures + 1, error);
    }
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== client || this.stopped) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    this.reconnectLater(1, error);
  }

  private reconnectLater(failures: number, error: unknown): void {
    if (this.stopped) return;
    const wait = Math.min(30_000, 250 * 2 ** failures);
    this.logger?.warn(`LISTEN connection lost (${error instanceof Error ? error.message : String(error)}); reconnecting in ${wait} ms`);
    this.retry = setTimeout(() => void this.connect(failures), wait);
  }

  private fire(channel: WakeChannel): void {
    for (const listener of this.listeners.get(channel) ?? []) listener();
  }
}

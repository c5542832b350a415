import { Sql } from '@vigil/event-store';
import { SubjectState, TrialState } from '@vigil/safety-domain';

type ScopeState = SubjectState | TrialState;

/** The rules' memory for one batch: loaded once, changed in memory, written back in the batch's transaction. */
export class RuleStateStore {
  private readonly states = new Map<string, ScopeState>();
  private readonly dirty = new Set<string>();

  constructor(
    private readonly tx: Sql,
    private readonly wakeAt: (state: SubjectState) => string | undefined,
  ) {}

  async load(scopes: string[]): Promise<void> {
    const missing = [...new Set(scopes)].filter((s) => !this.states.has(s));
    if (missing.length === 0) return;
    const rows: { scope: string; state: ScopeState }[] = await this.tx.query(
      `select scope, state from rule_state where scope = any($1::text[])`,
      [missing],
    );
    for (const row of rows) this.states.set(row.scope, row.state);
  }

  get<T extends ScopeState>(scope: string, create: () => T): T {
    return (this.states.get(scope) as T | undefined) ?? create();
  }

  set(scope: string, state: ScopeState): void {
    this.states.set(scope, state);
    this.dirty.add(scope);
  }

  /** Subject scopes whose next overdue check is due on or before `date` (after writing what changed). */
  async dueForClock(date: string): Promise<string[]> {
    await this.flush();
    const rows: { scope: string }[] = await this.tx.query(`select scope from rule_state where wake_at <= $1::date order by scope`, [date]);
    return rows.map((r) => r.scope);
  }

  has(scope: string): boolean {
    return this.states.has(scope);
  }

  /** Writes what changed and lets go of these scopes, so that a long list of them is held a slice at a time. */
  async release(scopes: string[]): Promise<void> {
    await this.flush();
    for (const scope of scopes) this.states.delete(scope);
  }

  async flush(): Promise<void> {
    if (this.dirty.size === 0) return;
    const scopes = [...this.dirty];
    const states = scopes.map((s) => this.states.get(s) as ScopeState);
    await this.tx.query(
      `insert into rule_state (scope, state, wake_at) select * from unnest($1::text[], $2::json[], $3::date[])
       on conflict (scope) do update set state = excluded.state, wake_at = excluded.wake_at, updated_at = now()`,
      [scopes, states.map((s) => JSON.stringify(s)), states.map((s) => ('aes' in s ? (this.wakeAt(s) ?? null) : null))],
    );
    this.dirty.clear();
  }
}

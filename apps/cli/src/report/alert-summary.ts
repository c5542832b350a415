import { DataSource } from 'typeorm';

export interface TrialSummary {
  trialId: string;
  events: number;
  alerts: number;
  byKind: Record<string, number>;
  byReason: Record<string, number>;
  bySeverity: Record<string, number>;
  byStatus: Record<string, number>;
  deadLetters: Record<string, number>;
}

/** What Vigil raised, per trial, from the read models (and the dead letters table). */
export async function summarise(dataSource: DataSource, trialFilter?: string): Promise<TrialSummary[]> {
  const trials: { trial_id: string; n: number }[] = await dataSource.query(
    `select trial_id, count(*)::int as n from events
     where trial_id is not null and type not like 'alert.%' and ($1::text is null or trial_id = $1)
     group by trial_id order by trial_id`,
    [trialFilter ?? null],
  );
  const count = async (sql: string, trialId: string) =>
    Object.fromEntries(((await dataSource.query(sql, [trialId])) as { k: string; n: number }[]).map((r) => [r.k, r.n]));
  const summaries: TrialSummary[] = [];
  for (const { trial_id: trialId, n } of trials) {
    const byKind = await count(`select kind as k, count(*)::int as n from alerts where trial_id = $1 group by 1 order by 1`, trialId);
    summaries.push({
      trialId,
      events: n,
      alerts: Object.values(byKind).reduce((a, b) => a + b, 0),
      byKind,
      byReason: await count(
        `select unnest(reasons) as k, count(*)::int as n from alerts where trial_id = $1 group by 1 order by 1`,
        trialId,
      ),
      bySeverity: await count(`select severity as k, count(*)::int as n from alerts where trial_id = $1 group by 1 order by 1`, trialId),
      byStatus: await count(`select status as k, count(*)::int as n from alerts where trial_id = $1 group by 1 order by 1`, trialId),
      deadLetters: await count(
        `select error_class as k, count(*)::int as n from dead_letters where trial_id = $1 group by 1 order by 1`,
        trialId,
      ),
    });
  }
  return summaries;
}

export function formatSummary(s: TrialSummary): string {
  const line = (label: string, counts: Record<string, number>) =>
    `  ${label.padEnd(12)} ${
      Object.keys(counts).length
        ? Object.entries(counts)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')
        : '-'
    }`;
  return [
    `${s.trialId}: ${s.events} events stored, ${s.alerts} alerts`,
    line('by kind', s.byKind),
    line('by reason', s.byReason),
    line('by severity', s.bySeverity),
    line('by status', s.byStatus),
    line('dead letters', s.deadLetters),
  ].join('\n');
}

import { Alert } from '@vigil/contracts';
import { RebuildableReaction, StoredEvent } from '@vigil/event-store';
import { ALERT_EVENT_TYPES, ALERT_STREAM_PREFIX, AlertEvent, evolveAlert } from '@vigil/safety-domain';
import { EntityManager } from 'typeorm';

/**
 * SQL for one `alert_versions` row `v` as the whole alert: its history is taken from the current `alerts`
 * row `a` (entries up to v's version, and to `cut` when given), because a history copied into every
 * version made each change of a long-lived alert (a stopping rule) cost as much as all the changes before it.
 */
export function alertVersionWithHistory(v = 'v', a = 'a', cut = 'true'): string {
  // An entry that stands for a run of updates ending after this version is cut back to the updates up to it.
  return `jsonb_set(${v}.alert, '{history}', coalesce((
    select jsonb_agg(e.entry order by e.n) from (
      select h.n, case when (h.entry->>'version')::int > ${v}.version
        then (h.entry - 'causedBy') || jsonb_build_object('version', ${v}.version, 'at', ${v}.alert->'updatedAt',
          'updates', ${v}.version - (h.entry->'from'->>'version')::int + 1)
        else h.entry end as entry
      from jsonb_array_elements(${a}.history) with ordinality as h(entry, n)
      where coalesce((h.entry->'from'->>'version')::int, (h.entry->>'version')::int) <= ${v}.version
    ) e where ${cut}), '[]'::jsonb))`;
}

/**
 * SQL for each alert's latest `alert_versions` row among the rows `where` selects (columns alert_id,
 * trial_id, version, at, alert): "the alert as it stood" for asOf reads, and the projection's own start.
 */
export function latestAlertVersions(where: string): string {
  return `select distinct on (alert_id) alert_id, trial_id, version, at, alert from alert_versions where ${where} order by alert_id, version desc`;
}

/** Read model `alert_versions`: the alert after each change (its history left out, see above), so `asOf` reads need no replay. */
export class AlertVersionsProjection implements RebuildableReaction {
  readonly name = 'alert-versions';
  readonly eventTypes = ALERT_EVENT_TYPES;

  async handle(tx: EntityManager, events: StoredEvent[]): Promise<void> {
    const ids = [...new Set(events.map((e) => e.streamId.slice(ALERT_STREAM_PREFIX.length)))];
    const latest: { alert: Alert }[] = await tx.query(`select alert from (${latestAlertVersions('alert_id = any($1::text[])')}) latest`, [
      ids,
    ]);
    const current = new Map(latest.map((r) => [r.alert.alertId, r.alert]));
    const rows = events.map((event) => {
      const id = event.streamId.slice(ALERT_STREAM_PREFIX.length);
      const alert = evolveAlert(current.get(id), event as unknown as AlertEvent, event.streamPosition);
      current.set(id, alert);
      return { alert_id: id, version: alert.version, trial_id: alert.trialId, at: alert.updatedAt, alert: { ...alert, history: [] } };
    });
    await tx.query(
      `insert into alert_versions select * from jsonb_to_recordset($1::jsonb) as r(alert_id text, version int, trial_id text,
         at timestamptz, alert jsonb) on conflict do nothing`,
      [JSON.stringify(rows)],
    );
  }

  readonly tables = ['alert_versions'];

  async snapshot(tx: EntityManager): Promise<unknown> {
    return tx.query(`select * from alert_versions order by alert_id, version`);
  }
}

import { ADVERSE_EVENT_TYPES } from '@vigil/contracts';
import { RebuildableReaction, StoredEvent } from '@vigil/event-store';
import { EntityManager } from 'typeorm';

/** Read model `ae_versions`: every AE version and nullification with its CloudEvent time (for asOf). */
export class AeVersionsProjection implements RebuildableReaction {
  readonly name = 'ae-versions';
  readonly eventTypes = ADVERSE_EVENT_TYPES;

  async handle(tx: EntityManager, events: StoredEvent[]): Promise<void> {
    const rows = events.map((e) => {
      const data = e.data as { aeId: string; version: number };
      return {
        trial_id: e.trialId,
        subject_id: e.subjectId,
        ae_id: data.aeId,
        version: data.version,
        kind: e.type === 'adverse-event.nullified' ? 'nullification' : 'report',
        event_id: e.eventId,
        event_time: e.eventTime,
        data: e.data,
      };
    });
    // A lower version arriving late is kept (it is history); the same version twice cannot reach the store.
    await tx.query(
      `insert into ae_versions select * from jsonb_to_recordset($1::jsonb) as r(trial_id text, subject_id text, ae_id text,
         version int, kind text, event_id text, event_time timestamptz, data jsonb)
       on conflict do nothing`,
      [JSON.stringify(rows)],
    );
  }

  readonly tables = ['ae_versions'];

  async snapshot(tx: EntityManager): Promise<unknown> {
    return tx.query(`select * from ae_versions order by trial_id, ae_id, version, kind`);
  }
}

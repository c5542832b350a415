import { INPUT_EVENT_TYPES, InputEvent } from '@vigil/contracts';
import { RebuildableReaction, StoredEvent, toInputEvent } from '@vigil/event-store';
import { assertNever, gradeLab } from '@vigil/safety-domain';
import { EntityManager } from 'typeorm';

/** Read model `timeline_entries`: what happened to each subject, with labs graded (CTCAE v5) as they arrived. */
export class TimelineProjection implements RebuildableReaction {
  readonly name = 'timeline';
  readonly eventTypes = INPUT_EVENT_TYPES;

  async handle(tx: EntityManager, events: StoredEvent[]): Promise<void> {
    const rows = events.map((stored) => {
      const event = toInputEvent(stored);
      return {
        event_id: event.id, trial_id: event.trialid, subject_id: event.subject, global_position: stored.globalPosition,
        type: event.type, event_time: event.time, occurred_on: occurredOn(event), data: entryData(event),
      };
    });
    await tx.query(
      `insert into timeline_entries select * from jsonb_to_recordset($1::jsonb) as r(event_id text, trial_id text,
         subject_id text, global_position bigint, type text, event_time timestamptz, occurred_on date, data jsonb)
       on conflict do nothing`,
      [JSON.stringify(rows)],
    );
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query(`delete from timeline_entries`);
  }

  async snapshot(tx: EntityManager): Promise<unknown> {
    return tx.query(`select * from timeline_entries order by event_id`);
  }
}

/** The calendar date the entry is about (not when it was recorded). */
function occurredOn(event: InputEvent): string | null {
  switch (event.type) {
    case 'subject.enrolled':
      return event.data.enrolledOn;
    case 'treatment.administered':
      return event.data.administeredOn;
    case 'visit.completed':
      return event.data.visitDate;
    case 'visit.missed':
      return null;
    case 'subject.withdrawn':
      return event.data.withdrawnOn;
    case 'adverse-event.reported':
    case 'adverse-event.updated':
      return event.data.onsetDate;
    case 'adverse-event.nullified':
      return null;
    default:
      return assertNever(event);
  }
}

function entryData(event: InputEvent): unknown {
  if (event.type !== 'visit.completed') return event.data;
  const labs = (event.data.labs ?? []).map((lab) => {
    const graded = gradeLab(lab);
    return graded ? { ...lab, ctcaeGrade: graded.grade, ctcaeVersion: graded.ctcaeVersion, ctcaeTerm: graded.term } : lab;
  });
  return { ...event.data, ...(event.data.labs ? { labs } : {}) };
}

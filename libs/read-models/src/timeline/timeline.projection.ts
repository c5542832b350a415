import { INPUT_EVENT_TYPES, InputEvent, VisitCompleted } from '@vigil/contracts';
import { RebuildableReaction, StoredEvent, toInputEvent } from '@vigil/event-store';
import { assertNever, gradeLab } from '@vigil/safety-domain';
import { EntityManager } from 'typeorm';

/**
 * Read model `timeline_entries`: what happened to each subject, in store order, with the date it is about.
 * The body stays in the store only (`events.data`, joined by event id): a copy here doubled the bytes of
 * every input event. `timelineEntryData` grades labs (CTCAE v5) when an entry is read.
 */
export class TimelineProjection implements RebuildableReaction {
  readonly name = 'timeline';
  readonly eventTypes = INPUT_EVENT_TYPES;

  async handle(tx: EntityManager, events: StoredEvent[]): Promise<void> {
    const rows = events.map((stored) => {
      const event = toInputEvent(stored);
      return {
        event_id: event.id,
        trial_id: event.trialid,
        subject_id: event.subject,
        global_position: stored.globalPosition,
        type: event.type,
        event_time: event.time,
        occurred_on: occurredOn(event),
      };
    });
    await tx.query(
      `insert into timeline_entries select * from jsonb_to_recordset($1::jsonb) as r(event_id text, trial_id text,
         subject_id text, global_position bigint, type text, event_time timestamptz, occurred_on date)
       on conflict do nothing`,
      [JSON.stringify(rows)],
    );
  }

  readonly tables = ['timeline_entries'];

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

/** An entry's body as the timeline shows it: the event's data, with each lab graded (CTCAE v5). */
export function timelineEntryData(type: string, data: unknown): unknown {
  if (type !== 'visit.completed') return data;
  const visit = data as VisitCompleted;
  const labs = (visit.labs ?? []).map((lab) => {
    const graded = gradeLab(lab);
    return graded ? { ...lab, ctcaeGrade: graded.grade, ctcaeVersion: graded.ctcaeVersion, ctcaeTerm: graded.term } : lab;
  });
  return { ...visit, ...(visit.labs ? { labs } : {}) };
}

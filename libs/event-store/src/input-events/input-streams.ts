import { idPart, InputEvent, InputEventType } from '@vigil/contracts';
import { NewEvent, StoredEvent } from '../stored-event';

/**
 * Visit-topic events live on the subject's stream (`subject/<trial>/<subject>`), AE events on the AE's own
 * stream (`ae/<trial>/<aeId>`); each part encoded by `idPart`, so no two trials' streams can meet.
 */
export function inputStreamId(event: InputEvent): string {
  switch (event.type) {
    case 'adverse-event.reported':
    case 'adverse-event.updated':
    case 'adverse-event.nullified':
      return aeStreamId(event.trialid, event.data.aeId);
    default:
      return subjectStreamId(event.trialid, event.subject);
  }
}

export function subjectStreamId(trialId: string, subjectId: string): string {
  return `subject/${idPart(trialId)}/${idPart(subjectId)}`;
}

export function aeStreamId(trialId: string, aeId: string): string {
  return `ae/${idPart(trialId)}/${idPart(aeId)}`;
}

export interface KafkaOrigin {
  topic: string;
  partition: number;
  offset: string;
}

/** The CloudEvent as stored: attributes in metadata (the original `time` string kept verbatim). */
export function toNewEvent(event: InputEvent, origin: KafkaOrigin): NewEvent {
  const { data, id, type, subject, trialid, ...attributes } = event;
  return {
    eventId: id,
    streamId: inputStreamId(event),
    type,
    data,
    metadata: { ...attributes, kafka: origin },
    eventTime: event.time,
    trialId: trialid,
    subjectId: subject,
  };
}

/** Turns a stored input event back into the CloudEvent the EDC sent. */
export function toInputEvent(stored: StoredEvent): InputEvent {
  const { kafka: _origin, ...attributes } = stored.metadata as Record<string, unknown>;
  return {
    ...(attributes as { specversion: '1.0'; source: string; time: string }),
    time: (attributes.time as string | undefined) ?? stored.eventTime,
    id: stored.eventId,
    type: stored.type as InputEventType,
    subject: stored.subjectId ?? '',
    trialid: stored.trialId ?? '',
    data: stored.data,
  } as InputEvent;
}

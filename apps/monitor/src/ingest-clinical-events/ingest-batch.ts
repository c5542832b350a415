import { describeIdConflict, InputEvent, InputTopicRole, parseInputMessage } from '@vigil/contracts';
import { appendEventIds, NewEvent, Sql, toNewEvent } from '@vigil/event-store';
import { KafkaMessage, ReceivedBatch } from '@vigil/messaging';
import { AeVersionConflicts } from './ae-version-conflicts';
import { DeadLetter, deadLetterRecord, recordDeadLetters } from './dead-letter-records';
import { EventIdConflicts, EventIdVerdict, storedPositions } from './event-id-conflicts';

export interface IngestResult {
  stored: number;
  duplicates: number;
  deadLetters: number;
  /** What the log says about each dead letter of the chunk (redeliveries included): where it was, why, its event id. */
  lettered?: DeadLetterNote[];
}

export interface DeadLetterNote {
  offset: string;
  errorClass: string;
  eventId?: string;
  trialId?: string;
}

export function deadLetterNotes(deadLetters: DeadLetter[]): DeadLetterNote[] {
  return deadLetters.map(({ record: r }) => ({
    offset: r.offset,
    errorClass: r.errorClass,
    ...(r.eventId ? { eventId: r.eventId } : {}),
    ...(r.trialId ? { trialId: r.trialId } : {}),
  }));
}

type IdConflict = { message: KafkaMessage; event: InputEvent; verdict: Extract<EventIdVerdict, { kind: 'conflict' }> };

/**
 * One Kafka batch into the store, inside the caller's transaction: valid events are appended (idempotent
 * on the CloudEvent id), bad ones become dead letters (table + outbox to the dead-letter topic). Nothing
 * here blocks the partition: every message ends up in exactly one of the two, or is a redelivery of an
 * event already stored. A reused id with different content is a conflict (SPEC §2), never a silent skip.
 */
export async function ingestBatch(tx: Sql, batch: ReceivedBatch, topicRole: InputTopicRole, receivedAt: string): Promise<IngestResult> {
  const parsed = batch.messages.map((message) => ({ message, result: parseInputMessage(message.value, topicRole) }));
  const valid = parsed.flatMap((p) => (p.result.ok ? [p.result.event] : []));
  const ids = await EventIdConflicts.load(tx, valid);
  const versions = await AeVersionConflicts.load(tx, valid);

  const toStore: { event: InputEvent; message: KafkaMessage; row: NewEvent }[] = [];
  const deadLetters: DeadLetter[] = [];
  const idConflicts: IdConflict[] = [];
  let sameContent = 0;
  for (const { message, result } of parsed) {
    if (!result.ok) {
      deadLetters.push(
        deadLetterRecord(batch, message, result.errorClass, result.reason, receivedAt, { id: result.eventId, trialid: result.trialId }),
      );
      continue;
    }
    const event = result.event;
    const byId = ids.judge(event);
    if (byId.kind === 'same-content') sameContent += 1;
    else if (byId.kind === 'conflict') idConflicts.push({ message, event, verdict: byId });
    else {
      const byVersion = versions.judge(event);
      if (byVersion.kind === 'conflict')
        deadLetters.push(deadLetterRecord(batch, message, 'conflict', byVersion.reason, receivedAt, event));
      else if (byVersion.kind === 'same-content') sameContent += 1;
      else {
        ids.accept(event);
        toStore.push({
          event,
          message,
          row: toNewEvent(event, { topic: batch.topic, partition: batch.partition, offset: message.offset }),
        });
      }
    }
  }

  const storedIds = new Set(
    await appendEventIds(
      tx,
      toStore.map((s) => s.row),
    ),
  );
  // The store skips ids it already has: one it skipped was stored by a concurrent batch since we looked.
  const skipped = toStore.filter((s) => !storedIds.has(s.event.id));
  if (skipped.length > 0) {
    const now = await EventIdConflicts.load(
      tx,
      skipped.map((s) => s.event),
    );
    for (const { event, message } of skipped) {
      const verdict = now.judge(event);
      if (verdict.kind === 'conflict') idConflicts.push({ message, event, verdict });
      else sameContent += 1;
    }
  }
  deadLetters.push(...(await idConflictDeadLetters(tx, batch, idConflicts, receivedAt)));

  const recorded = await recordDeadLetters(tx, deadLetters);
  return { stored: storedIds.size, duplicates: sameContent, deadLetters: recorded, lettered: deadLetterNotes(deadLetters) };
}

/** Each names the stored event that owns the id (its position found after this batch's append when needed). */
async function idConflictDeadLetters(tx: Sql, batch: ReceivedBatch, conflicts: IdConflict[], receivedAt: string): Promise<DeadLetter[]> {
  const positions = await storedPositions(
    tx,
    conflicts.filter((c) => !c.verdict.owner).map((c) => c.verdict.eventId),
  );
  return conflicts.map(({ message, event, verdict }) => {
    const owner = verdict.owner ?? positions.get(verdict.eventId);
    const incoming = { topic: batch.topic, partition: batch.partition, offset: message.offset };
    const reason = describeIdConflict(verdict.eventId, owner, incoming, verdict.differs);
    return deadLetterRecord(batch, message, 'conflict', reason, receivedAt, event, owner ? { conflictsWith: owner } : {});
  });
}

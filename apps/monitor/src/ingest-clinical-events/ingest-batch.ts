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

export interface RoledBatch {
  batch: ReceivedBatch;
  role: InputTopicRole;
}

export function deadLetterNotes(deadLetters: DeadLetter[]): DeadLetterNote[] {
  return deadLetters.map(({ record: r }) => ({
    offset: r.offset,
    errorClass: r.errorClass,
    ...(r.eventId ? { eventId: r.eventId } : {}),
    ...(r.trialId ? { trialId: r.trialId } : {}),
  }));
}

type IdConflict = { at: number; message: KafkaMessage; event: InputEvent; verdict: Extract<EventIdVerdict, { kind: 'conflict' }> };

/** One batch into the store, inside the caller's transaction (see ingestBatches). */
export async function ingestBatch(tx: Sql, batch: ReceivedBatch, topicRole: InputTopicRole, receivedAt: string): Promise<IngestResult> {
  const [result] = await ingestBatches(tx, [{ batch, role: topicRole }], receivedAt);
  return result;
}

/**
 * Kafka batches (of one or several partitions) into the store, inside the caller's transaction: valid
 * events are appended (idempotent on the CloudEvent id), bad ones become dead letters (table + outbox to
 * the dead-letter topic). Nothing here blocks a partition: every message ends up in exactly one of the
 * two, or is a redelivery of an event already stored. A reused id with different content is a conflict
 * (SPEC §2), never a silent skip. The batches are judged in order, as if they were one, with one statement
 * per step for all of them: the cost of a transaction is its statements, not its partitions.
 */
export async function ingestBatches(tx: Sql, batches: RoledBatch[], receivedAt: string): Promise<IngestResult[]> {
  const parsed = batches.flatMap(({ batch, role }, at) =>
    batch.messages.map((message) => ({ at, message, result: parseInputMessage(message.value, role) })),
  );
  const valid = parsed.flatMap((p) => (p.result.ok ? [p.result.event] : []));
  const ids = await EventIdConflicts.load(tx, valid);
  const versions = await AeVersionConflicts.load(tx, valid);

  const toStore: { at: number; event: InputEvent; message: KafkaMessage; row: NewEvent }[] = [];
  const deadLetters: { at: number; letter: DeadLetter }[] = [];
  const idConflicts: IdConflict[] = [];
  const results = batches.map(() => ({ stored: 0, duplicates: 0, deadLetters: 0, lettered: [] as DeadLetterNote[] }));
  for (const { at, message, result } of parsed) {
    const batch = batches[at].batch;
    if (!result.ok) {
      const letter = deadLetterRecord(batch, message, result.errorClass, result.reason, receivedAt, {
        id: result.eventId,
        trialid: result.trialId,
      });
      deadLetters.push({ at, letter });
      continue;
    }
    const event = result.event;
    const byId = ids.judge(event);
    if (byId.kind === 'same-content') results[at].duplicates += 1;
    else if (byId.kind === 'conflict') idConflicts.push({ at, message, event, verdict: byId });
    else {
      const byVersion = versions.judge(event);
      if (byVersion.kind === 'conflict')
        deadLetters.push({ at, letter: deadLetterRecord(batch, message, 'conflict', byVersion.reason, receivedAt, event) });
      else if (byVersion.kind === 'same-content') results[at].duplicates += 1;
      else {
        ids.accept(event);
        const coordinates = { topic: batch.topic, partition: batch.partition, offset: message.offset };
        toStore.push({ at, event, message, row: toNewEvent(event, coordinates) });
      }
    }
  }

  const storedIds = new Set(
    await appendEventIds(
      tx,
      toStore.map((s) => s.row),
    ),
  );
  // The store skips ids it already has: one it skipped was stored by a concurrent transaction since we looked.
  const skipped = toStore.filter((s) => !storedIds.has(s.event.id));
  if (skipped.length > 0) {
    const now = await EventIdConflicts.load(
      tx,
      skipped.map((s) => s.event),
    );
    for (const { at, event, message } of skipped) {
      const verdict = now.judge(event);
      if (verdict.kind === 'conflict') idConflicts.push({ at, message, event, verdict });
      else results[at].duplicates += 1;
    }
  }
  deadLetters.push(...(await idConflictDeadLetters(tx, batches, idConflicts, receivedAt)));

  const recorded = new Set(
    await recordDeadLetters(
      tx,
      deadLetters.map((d) => d.letter),
    ),
  );
  for (const { at, event } of toStore) if (storedIds.has(event.id)) results[at].stored += 1;
  for (const { at, letter } of deadLetters) {
    results[at].lettered.push(...deadLetterNotes([letter]));
    if (recorded.has(letter)) results[at].deadLetters += 1;
  }
  return results;
}

/** Each names the stored event that owns the id (its position found after this transaction's append when needed). */
async function idConflictDeadLetters(
  tx: Sql,
  batches: RoledBatch[],
  conflicts: IdConflict[],
  receivedAt: string,
): Promise<{ at: number; letter: DeadLetter }[]> {
  const positions = await storedPositions(
    tx,
    conflicts.filter((c) => !c.verdict.owner).map((c) => c.verdict.eventId),
  );
  return conflicts.map(({ at, message, event, verdict }) => {
    const batch = batches[at].batch;
    const owner = verdict.owner ?? positions.get(verdict.eventId);
    const incoming = { topic: batch.topic, partition: batch.partition, offset: message.offset };
    const reason = describeIdConflict(verdict.eventId, owner, incoming, verdict.differs);
    const letter = deadLetterRecord(batch, message, 'conflict', reason, receivedAt, event, owner ? { conflictsWith: owner } : {});
    return { at, letter };
  });
}

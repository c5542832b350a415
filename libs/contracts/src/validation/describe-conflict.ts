import { StoredEventPosition } from '../output/dead-letters';

/**
 * Reason for a `conflict` dead letter: the same AE version arrived twice with different content.
 * The store decides that (it needs the database); this keeps the wording in one place.
 * `highestVersion` lets the caller point at the next free version when later versions already exist.
 */
export function describeConflict(aeId: string, version: number, trialId: string, highestVersion = version): string {
  const next = Math.max(version, highestVersion) + 1;
  return (
    `AE ${aeId} version ${version} of trial ${trialId} was already received with different content; ` +
    `send the follow-up as version ${next}`
  );
}

/**
 * Reason for a `conflict` dead letter: a CloudEvent id that the store already holds with different content
 * (SPEC §2). Names the stored event (unchanged), what differs, and where the new message came from.
 */
export function describeIdConflict(
  eventId: string,
  stored: StoredEventPosition | undefined,
  incoming: { topic: string; partition: number; offset: string },
  differs: string[],
): string {
  const where = stored
    ? `the stored event at global position ${stored.globalPosition} (stream ${stored.streamId}, position ${stored.streamPosition})`
    : 'the event stored from an earlier message of the same batch';
  return (
    `CloudEvent id ${eventId} was already received with different content (${differs.join(', ')} differ); ` +
    `${where} is unchanged and this message (${incoming.topic} partition ${incoming.partition} offset ${incoming.offset}) was not stored. ` +
    `Every new fact needs a new id (an AE follow-up: a new id and the next version)`
  );
}

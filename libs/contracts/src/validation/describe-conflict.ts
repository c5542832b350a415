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

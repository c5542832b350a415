import { Alert } from '@vigil/contracts';

/** Keys (any case) that carry the treatment arm or anything computed from it, SDTM names included. */
const UNBLINDING_KEYS = new Set(['arm', 'arms', 'byarm', 'armcounts', 'treatmentarm', 'armcd', 'actarm', 'actarmcd']);

export function isUnblindingKey(key: string): boolean {
  return UNBLINDING_KEYS.has(key.toLowerCase());
}

/**
 * The one place where an alert is made fit for a sponsor (SPEC §5 blinding): everything arm-derived is
 * removed, however deep in the evidence it sits.
 */
export function sponsorVisibleAlert(alert: Alert): Alert {
  return { ...alert, evidence: stripArm(alert.evidence) as Record<string, unknown> };
}

export function stripArm(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripArm);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !isUnblindingKey(key))
        .map(([key, v]) => [key, stripArm(v)]),
    );
  }
  return value;
}

import { Alert } from '@vigil/contracts';

/** Evidence keys that carry the treatment arm or anything computed from it. */
const UNBLINDING_KEYS = new Set(['arm', 'arms', 'byArm', 'armCounts', 'treatmentArm']);

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
        .filter(([key]) => !UNBLINDING_KEYS.has(key))
        .map(([key, v]) => [key, stripArm(v)]),
    );
  }
  return value;
}

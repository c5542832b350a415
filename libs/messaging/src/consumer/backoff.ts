/** Delays for restarting something that failed: 0.5 s, 1 s, 2 s, … capped, so recovery is quick yet never a hot loop. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const CONSUMER_RESTART_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000 };

/** The delay before attempt `attempt` (1 = the first retry). */
export function backoffDelay(attempt: number, policy: BackoffPolicy = CONSUMER_RESTART_BACKOFF): number {
  if (attempt <= 1) return policy.initialMs;
  // 2 ** 30 is already far beyond any sensible cap; clamping the exponent keeps the number finite.
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt - 1, 30));
}

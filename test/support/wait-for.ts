import { inspect } from 'node:util';

export interface WaitOptions {
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
  /** Pause between probes (default 100 ms). */
  intervalMs?: number;
  /** Extra lines for the timeout message (e.g. which app processes have exited). */
  context?: () => string;
  /** Checked before every probe: a message here ends the wait at once (e.g. the app being awaited died). */
  stopIf?: () => string | undefined;
}

/**
 * Polls `probe` until it returns a value other than undefined, null or false, and returns that value.
 * A probe that throws (e.g. a failing `expect`) counts as "not yet": on timeout the error says what was
 * awaited, for how long, and the last result or error, so a failure explains itself.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  options: WaitOptions = {},
): Promise<Exclude<T, undefined | null | false>> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 100;
  const started = Date.now();
  let attempts = 0;
  let lastError: unknown;
  let lastResult: unknown;
  for (;;) {
    const stop = options.stopIf?.();
    if (stop) {
      const context = options.context?.();
      throw new Error(`Gave up waiting for ${what}: ${stop}${context ? `\n${context}` : ''}`);
    }
    attempts += 1;
    try {
      const result = await probe();
      if (result !== undefined && result !== null && result !== false) return result as Exclude<T, undefined | null | false>;
      lastResult = result;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() - started >= timeoutMs) break;
    await sleep(Math.min(intervalMs, Math.max(0, started + timeoutMs - Date.now())));
  }
  const last =
    lastError !== undefined
      ? `last attempt failed with: ${lastError instanceof Error ? lastError.message : inspect(lastError)}`
      : `last result: ${inspect(lastResult, { depth: 4, breakLength: 120 })}`;
  const context = options.context?.();
  const error = new Error(
    `Timed out after ${timeoutMs} ms (${attempts} attempts) waiting for ${what}; ${last}${context ? `\n${context}` : ''}`,
  );
  if (lastError instanceof Error) (error as Error & { cause?: unknown }).cause = lastError;
  throw error;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

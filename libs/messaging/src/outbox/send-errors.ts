/** How the relay reads kafkajs send errors: whose fault (the broker's, the topic's, or the row's). */

const UNREACHABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
]);

/** The broker is away (nothing to blame a row for): the poll fails and is retried, no attempt is counted. */
export function isBrokerUnreachable(error: unknown): boolean {
  return hasInChain(error, (e) => Boolean(e.name && UNREACHABLE.has(e.name)));
}

export type ChainedError = { name?: string; cause?: unknown; originalError?: unknown; errors?: unknown[] };

/** kafkajs wraps errors (retries exceeded, non-retriable, aggregate): looks through every layer. */
export function hasInChain(error: unknown, test: (e: ChainedError) => boolean): boolean {
  const seen = new Set<unknown>();
  const queue = [error];
  while (queue.length > 0) {
    const e = queue.shift() as ChainedError | undefined;
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (test(e)) return true;
    queue.push(e.cause, e.originalError, ...(Array.isArray(e.errors) ? e.errors : []));
  }
  return false;
}

/** One line for `outbox.last_error` and the log: kafkajs' error type, message and cause. */
export function describeSendError(error: unknown): string {
  const e = error as { message?: string; type?: string; originalError?: { message?: string } };
  const inner = e.originalError?.message && e.originalError.message !== e.message ? ` (${e.originalError.message})` : '';
  return `${e.type ? `${e.type}: ` : ''}${e.message ?? String(error)}${inner}`.slice(0, 2000);
}

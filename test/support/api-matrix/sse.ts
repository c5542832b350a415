/**
 * A server-sent-events connection for tests: connects with fetch, keeps every byte it receives until
 * `close()`, so a test can check the status and content type on connect and, later, everything streamed.
 */
export interface SseConnection {
  status: number;
  contentType: string;
  headers: Headers;
  /** Everything received so far (UTF-8). */
  text(): string;
  /** The `data:` payloads of the complete events received so far. */
  events(): string[];
  /** Aborts the connection; what arrived until then is kept. */
  close(): Promise<void>;
  /** Waits until the server ends the response (an error answer ends at once; a stream does not). */
  ended(): Promise<void>;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  const reading = (async () => {
    if (!response.body) return;
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        chunks.push(decoder.decode(value, { stream: true }));
      }
    } catch {
      // aborted by close(): what arrived until then is kept
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    headers: response.headers,
    text: () => chunks.join(''),
    events: () =>
      chunks
        .join('')
        .split(/\r?\n\r?\n/)
        .slice(0, -1) // the last part is an event still arriving (or empty)
        .map((block) =>
          block
            .split(/\r?\n/)
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).replace(/^ /, ''))
            .join('\n'),
        )
        .filter((data) => data !== ''),
    close: async () => {
      controller.abort();
      await reading;
    },
    ended: () => reading,
  };
}

// Server-Sent Events over fetch: EventSource cannot send an Authorization header, so the stream is read from
// a fetch body and its frames parsed here (the text/event-stream format: `field: value` lines, a blank line
// ends an event, `:` starts a comment). It reconnects after a dropped connection, resuming with Last-Event-ID.

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** Splits a growing text buffer into complete events; returns them and the unfinished rest. */
export function parseSseFrames(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  const normalised = buffer.replace(/\r\n?/g, '\n');
  const frames = normalised.split('\n\n');
  const rest = frames.pop() ?? '';
  for (const frame of frames) {
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0 || id !== undefined) events.push({ id, event, data: data.join('\n') });
  }
  return { events, rest };
}

export interface StreamOptions {
  url: string;
  token: string;
  /** Resume after this event id (seq). */
  after?: string;
  onEvent: (event: SseEvent) => void;
  onState?: (state: 'connecting' | 'live' | 'retrying', detail?: string) => void;
}

/** Follows the stream until `signal` aborts. */
export async function followStream(options: StreamOptions, signal: AbortSignal): Promise<void> {
  let lastId = options.after;
  let delayMs = 1000;
  while (!signal.aborted) {
    options.onState?.('connecting');
    try {
      const response = await fetch(options.url, {
        signal,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: 'text/event-stream',
          ...(lastId ? { 'last-event-id': lastId } : {}),
        },
      });
      if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
      options.onState?.('live');
      delayMs = 1000;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const parsed = parseSseFrames(buffer + value);
        buffer = parsed.rest;
        for (const event of parsed.events) {
          if (event.id) lastId = event.id;
          options.onEvent(event);
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      options.onState?.('retrying', error instanceof Error ? error.message : String(error));
    }
    if (signal.aborted) return;
    options.onState?.('retrying');
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 15_000);
  }
}

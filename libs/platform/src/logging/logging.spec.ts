import { Writable } from 'node:stream';
import { createVigilLogger, requestId } from './logging';
import { IncomingMessage, ServerResponse } from 'node:http';

function captureLines(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
  };
}

describe('the Vigil logger', () => {
  it('writes one JSON object per line with a level name, a time and the message', () => {
    const { stream, lines } = captureLines();
    createVigilLogger('info', stream).info({ alertId: 'a-1' }, 'alert raised');
    expect(lines()).toEqual([expect.objectContaining({ level: 'info', msg: 'alert raised', alertId: 'a-1', time: expect.any(String) })]);
  });

  it('honours the level: at warn, info and debug lines are dropped', () => {
    const { stream, lines } = captureLines();
    const logger = createVigilLogger('warn', stream);
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(lines().map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'w'],
      ['error', 'e'],
    ]);
  });
});

describe('request ids', () => {
  const response = () => {
    const headers: Record<string, string> = {};
    return { headers, res: { setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as ServerResponse };
  };

  it("keeps a caller's plain X-Request-Id and echoes it", () => {
    const { headers, res } = response();
    expect(requestId({ headers: { 'x-request-id': 'trace-42' } } as unknown as IncomingMessage, res)).toBe('trace-42');
    expect(headers['X-Request-Id']).toBe('trace-42');
  });

  it('makes a new one when the given id is not a plain token (no log injection)', () => {
    const { headers, res } = response();
    const id = requestId({ headers: { 'x-request-id': 'a\n{"level":"fatal"}' } } as unknown as IncomingMessage, res);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers['X-Request-Id']).toBe(id);
  });
});

import { parseSseFrames } from './sse';

describe('parseSseFrames (fetch-streamed SSE)', () => {
  it('parses complete events, skips comments and keeps an unfinished frame for the next chunk', () => {
    const { events, rest } = parseSseFrames(': connected\n\nid: 7\nevent: alert.raised\ndata: {"a":1}\n\nid: 8\nevent: alert.clo');
    expect(events).toEqual([{ id: '7', event: 'alert.raised', data: '{"a":1}' }]);
    expect(rest).toBe('id: 8\nevent: alert.clo');
    const next = parseSseFrames(`${rest}sed\ndata: {"b":\ndata: 2}\n\n`);
    expect(next.events).toEqual([{ id: '8', event: 'alert.closed', data: '{"b":\n2}' }]);
    expect(next.rest).toBe('');
  });

  it('accepts CRLF line ends and a field without a space after the colon', () => {
    expect(parseSseFrames('id:3\r\ndata:x\r\n\r\n').events).toEqual([{ id: '3', event: 'message', data: 'x' }]);
  });

  it('ignores a heartbeat', () => {
    expect(parseSseFrames(': heartbeat\n\n')).toEqual({ events: [], rest: '' });
  });
});

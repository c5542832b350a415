import * as http from 'node:http';
import type { AlertNotification } from '@vigil/contracts';
import { asMessage, CELLKINE_TRIAL, cellKine } from './support/cellkine-events';
import { openSse } from './support/api-matrix/sse';
import { Collector, E2eRun, sleep, useE2eRun } from './support/e2e-harness';

/**
 * The sponsor feed (SPEC §5) through the built monitor and API: `GET …/notifications?after=&limit=&asOf=`
 * pages the `notifications` read model in commit order, and `…/notifications/stream` sends the same
 * notifications as Server-Sent Events that resume after `Last-Event-ID`. Both carry the very CloudEvents
 * of the Kafka notification topic.
 */
const OTHER_TRIAL = 'NCT05000001';

interface FeedPage {
  items: { seq: string; event: AlertNotification }[];
  nextCursor: string | null;
  lastSeq: string;
}

describe('notification feed and stream (built monitor and API)', () => {
  const run = useE2eRun('api-notifications');
  let kafka: Collector;
  let sponsor: string;

  beforeAll(async () => {
    kafka = await run.collect('notifications');
    await Promise.all([run.startMonitor(), run.startApi()]);
    sponsor = await run.mintToken({ role: 'sponsor', trials: [CELLKINE_TRIAL] });
  });
  afterAll(() => closeAllStreams());

  /** A serious AE of its own subject: one alert, one alert.raised notification, at `time` (March 2021). */
  const raiseAlert = (n: number) =>
    cellKine.seriousAdverseEvent(`CK-6${String(n).padStart(2, '0')}`, `CK-6${String(n).padStart(2, '0')}-AE-01`, {
      time: `2021-03-${String(n).padStart(2, '0')}T09:15:00Z`,
    });
  const feed = (query: string, token = sponsor) => run.http(`/api/trials/${CELLKINE_TRIAL}/notifications${query}`, { token });
  const wholeFeed = async (): Promise<FeedPage> => {
    const response = await feed('?limit=1000');
    expect(response.status).toBe(200);
    return response.body as FeedPage;
  };
  const waitForFeed = (count: number) =>
    run.waitFor(`${count} notifications in the feed`, async () => {
      const page = await wholeFeed();
      return page.items.length >= count ? page : undefined;
    });
  /** The feed once it holds the notifications of these AEs. */
  const waitForFeedWith = (...aeIds: string[]) =>
    run.waitFor(`the notifications of ${aeIds.join(', ')} in the feed`, async () => {
      const page = await wholeFeed();
      return aeIds.every((aeId) => page.items.some((i) => i.event.data.aeId === aeId)) ? page : undefined;
    });
  const aeIdOf = (n: number) => raiseAlert(n).data.aeId;
  const kafkaEvents = () => kafka.messages.map((m) => m.json<AlertNotification>()).filter((e) => e.trialid === CELLKINE_TRIAL);
  const streamPath = (query = '', trialId = CELLKINE_TRIAL) => `/api/trials/${trialId}/notifications/stream${query}`;

  it('pages with limit 2 and after: the pages together are the whole feed, in commit order, the CloudEvents of the Kafka topic', async () => {
    await run.produce(
      'adverseEvents',
      [1, 2, 3, 4, 5].map((n) => asMessage(raiseAlert(n))),
    );
    const whole = await waitForFeed(5);
    expect(whole.items).toHaveLength(5);
    await run.waitFor('5 notifications on Kafka', () => kafka.messages.length >= 5);

    const pages: FeedPage[] = [];
    for (let after = '0'; ;) {
      const response = await feed(`?limit=2&after=${after}`);
      expect(response.status).toBe(200);
      const page = response.body as FeedPage;
      pages.push(page);
      expect(page.lastSeq).toBe(whole.lastSeq);
      if (page.nextCursor === null) break;
      expect(page.nextCursor).toBe(page.items[page.items.length - 1].seq);
      after = page.nextCursor;
      expect(pages.length).toBeLessThan(10);
    }
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    const union = pages.flatMap((p) => p.items);
    expect(union).toEqual(whole.items);
    expect(new Set(union.map((i) => i.event.id)).size).toBe(5);
    const seqs = union.map((i) => BigInt(i.seq));
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1])).toBe(true);
    expect(whole.lastSeq).toBe(union[4].seq);

    // Exactly the published CloudEvents, in the same order (one key, the trial: one partition).
    expect(union.map((i) => i.event)).toEqual(kafkaEvents());
    expect(union.map((i) => i.event.type)).toEqual(Array(5).fill('alert.raised'));
    expect(union.every((i) => i.event.trialid === CELLKINE_TRIAL)).toBe(true);

    // Past the end: nothing, and the end says so.
    expect((await feed(`?after=${whole.lastSeq}`)).body).toEqual({ items: [], nextCursor: null, lastSeq: whole.lastSeq });
  });

  it('asOf keeps the notifications whose CloudEvent time is at or before it', async () => {
    // Its own alerts, on 8, 9 and 10 March (the others of this file are on other days): asOf cuts after the 9th.
    await run.produce(
      'adverseEvents',
      [8, 9, 10].map((n) => asMessage(raiseAlert(n))),
    );
    const whole = await waitForFeedWith('CK-608-AE-01', 'CK-609-AE-01', 'CK-610-AE-01');
    const asOf = whole.items.find((i) => i.event.data.aeId === 'CK-609-AE-01')!.event.time;
    const expected = whole.items.filter((i) => Date.parse(i.event.time) <= Date.parse(asOf));
    expect(expected.map((i) => i.event.data.aeId)).toEqual(expect.arrayContaining(['CK-608-AE-01', 'CK-609-AE-01']));
    expect(expected.map((i) => i.event.data.aeId)).not.toContain('CK-610-AE-01');
    const response = await feed(`?asOf=${encodeURIComponent(asOf)}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: expected, nextCursor: null, lastSeq: expected[expected.length - 1].seq });
    expect((await feed('?asOf=2020-01-01T00:00:00Z')).body).toEqual({ items: [], nextCursor: null, lastSeq: '0' });
  });

  it.each([
    ['?after=-1', '"after"'],
    ['?after=abc', '"after"'],
    ['?after=99999999999999999999', '"after"'],
    ['?limit=0', '"limit"'],
    ['?limit=1001', '"limit"'],
    ['?limit=two', '"limit"'],
    ['?asOf=yesterday', '"asOf"'],
  ])('answers %s with a 400 naming the parameter', async (query, name) => {
    const response = await feed(query);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body.detail).toContain(name);
    expect(response.body.errors).toEqual([expect.objectContaining({ in: 'query', name: JSON.parse(name) })]);
  });

  it('answers the feed with 401 without a token and 403 for another trial', async () => {
    expect((await run.http(`/api/trials/${CELLKINE_TRIAL}/notifications`)).status).toBe(401);
    expect((await run.http(`/api/trials/${OTHER_TRIAL}/notifications`, { token: sponsor })).status).toBe(403);
  });

  describe('the SSE stream', () => {
    it('sends the existing notifications, then after a reconnect with Last-Event-ID only the new ones, live', async () => {
      // Its own alerts, on 11 to 14 March. "Nothing more came" is proven by a later alert arriving (a
      // barrier: the stream sends in commit order), never by a pause.
      const onStream = (stream: OpenStream, n: number) => stream.events.some((e) => (e.data as AlertNotification).data.aeId === aeIdOf(n));
      const send = (n: number) => run.produce('adverseEvents', [asMessage(raiseAlert(n))]);
      const asSse = (items: FeedPage['items']) => items.map((i) => ({ id: i.seq, event: i.event.type, data: i.event }));
      const itemOf = async (n: number) => (await waitForFeedWith(aeIdOf(n))).items.find((i) => i.event.data.aeId === aeIdOf(n))!;

      await send(11);
      const existing = (await waitForFeedWith(aeIdOf(11))).items;

      const first = await openStream(run, streamPath(), sponsor);
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(first.comments).toContain('connected');
      await run.waitFor(`${existing.length} events on the stream`, () => first.events.length >= existing.length);
      await send(12);
      await run.waitFor('the alert committed while connected, live', () => onStream(first, 12));
      first.close();
      const twelve = await itemOf(12);
      expect(first.events).toEqual(asSse([...existing, twelve]));
      expect(JSON.stringify(first.events)).not.toMatch(/"(arm|arms|treatmentArm|byArm)"/i);
      const lastId = first.events[existing.length - 1].id;

      // An EventSource reconnects with the URL it was given first (?after=0) and the id it saw last.
      const second = await openStream(run, streamPath('?after=0'), sponsor, { 'last-event-id': lastId! });
      expect(second.status).toBe(200);
      await run.waitFor('the notification after Last-Event-ID on the resumed stream', () => onStream(second, 12));
      await send(13);
      await run.waitFor('a notification committed while connected, live', () => onStream(second, 13));
      // Without the header, ?after= is the resume point.
      const third = await openStream(run, streamPath(`?after=${lastId}`), sponsor);
      await send(14);
      await run.waitFor('the last alert on both streams', () => onStream(second, 14) && onStream(third, 14));
      second.close();
      third.close();
      const [thirteen, fourteen] = [await itemOf(13), await itemOf(14)];
      expect(second.events).toEqual(asSse([twelve, thirteen, fourteen]));
      expect(third.events).toEqual(asSse([twelve, thirteen, fourteen]));
      await run.waitFor('the last alert on Kafka', () => kafkaEvents().some((e) => e.data.aeId === aeIdOf(14)));
      expect(second.events.map((e) => e.data)).toEqual(kafkaEvents().slice(-3));
    });

    it('polls the read model while a client listens and stops when it leaves', async () => {
      // Reads of the notifications table, as PostgreSQL counts them (flushed by the API's backend within ~1 s).
      const reads = async () =>
        Number(
          (
            await run.sql<{ n: string }>(
              `select seq_scan + coalesce(idx_scan, 0) as n from pg_stat_user_tables where relname = 'notifications'`,
            )
          )[0].n,
        );
      const atStart = await reads();
      const stream = await openStream(run, streamPath(`?after=${(await wholeFeed()).lastSeq}`), sponsor);
      await run.waitFor('the stream to poll the read model', async () => (await reads()) >= atStart + 3);
      stream.close();
      // A polling backend flushes its counts at least every ~1 s; an idle one may hold its last counts up to
      // 10 s (PostgreSQL's idle flush). So: wait until 3 s (10 polls) pass without a single new read.
      await run.waitFor(
        'the reads of the notifications table to stop once the client left',
        async () => {
          const before = await reads();
          await sleep(3_000);
          return (await reads()) === before;
        },
        { timeoutMs: 25_000, intervalMs: 0 },
      );
    });

    it('is open at once on an empty feed (headers and a "connected" comment), and sends nothing until the first notification', async () => {
      const both = await run.mintToken({ role: 'sponsor', trials: [CELLKINE_TRIAL, OTHER_TRIAL] });
      const stream = await openStream(run, streamPath('', OTHER_TRIAL), both);
      expect(stream.status).toBe(200);
      expect(stream.comments).toContain('connected');
      // The barrier: the first event of the other trial (it has no protocol: one configuration alert).
      const first = cellKine.adverseEvent('OT-001', 'OT-001-AE-01', {}, { trialId: OTHER_TRIAL });
      await run.produce('adverseEvents', [asMessage(first)]);
      await run.waitFor('the first notification of the other trial on its stream', () => stream.events.length >= 1);
      stream.close();
      expect(stream.events.map((e) => [e.event, (e.data as AlertNotification).trialid, (e.data as AlertNotification).data.kind])).toEqual([
        ['alert.raised', OTHER_TRIAL, 'configuration'],
      ]);
    });

    it('answers 401 without a token, 403 for another trial and 400 for a bad Last-Event-ID', async () => {
      const anonymous = await openStream(run, streamPath());
      expect(anonymous.status).toBe(401);
      expect(JSON.parse(anonymous.text)).toMatchObject({ status: 401 });

      const otherSponsor = await run.mintToken({ role: 'sponsor', trials: [OTHER_TRIAL] });
      const forbidden = await openStream(run, streamPath(), otherSponsor);
      expect(forbidden.status).toBe(403);
      expect(JSON.parse(forbidden.text).detail).toContain(CELLKINE_TRIAL);

      const bad = await openStream(run, streamPath(), sponsor, { 'last-event-id': 'not-a-seq' });
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.text).detail).toContain('"Last-Event-ID"');
      expect(JSON.parse(bad.text).errors).toEqual([expect.objectContaining({ in: 'header', name: 'Last-Event-ID' })]);
    });
  });

  // Last: it stops the API.
  it('the API still shuts down promptly on SIGTERM while a sponsor stream is open', async () => {
    const stream = await openSse(`${run.apiUrl}${streamPath()}`, { authorization: `Bearer ${sponsor}` });
    expect(stream.status).toBe(200);
    const api = run.processes.find((p) => p.name.includes('api'))!;
    const started = Date.now();
    const status = await api.stop(8_000);
    expect(status.signal).not.toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(8_000);
    await stream.ended();
  });
});

interface SseEvent {
  id?: string;
  event?: string;
  data: unknown;
}

interface OpenStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body of a response that is not a stream (errors). */
  text: string;
  events: SseEvent[];
  comments: string[];
  close(): void;
}

const openRequests = new Set<http.ClientRequest>();
function closeAllStreams(): void {
  for (const request of openRequests) request.destroy();
}

/**
 * A raw `http.get` with `Accept: text/event-stream`, as a browser's EventSource sends it. Resolves with the
 * response headers for a 200 (events then arrive in `events`), or once the body of any other answer is read.
 */
function openStream(run: E2eRun, path: string, token?: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${run.apiUrl}${path}`, {
      agent: false,
      headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    });
    openRequests.add(request);
    const close = () => {
      request.destroy();
      openRequests.delete(request);
    };
    request.setTimeout(10_000, () => request.destroy(new Error(`no answer to GET ${path} within 10 s`)));
    request.on('error', (error) => {
      if (!request.destroyed || openRequests.has(request)) reject(error);
    });
    request.on('response', (response) => {
      request.setTimeout(0);
      response.setEncoding('utf8');
      const stream: OpenStream = { status: response.statusCode ?? 0, headers: response.headers, text: '', events: [], comments: [], close };
      if (stream.status !== 200) {
        response.on('data', (chunk: string) => (stream.text += chunk));
        response.on('end', () => {
          close();
          resolve(stream);
        });
        return;
      }
      let buffer = '';
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          parseBlock(buffer.slice(0, end), stream);
          buffer = buffer.slice(end + 2);
        }
      });
      response.on('error', () => undefined); // our own close() aborts it
      // The API sends a "connected" comment at once: wait for it, so callers see a live stream.
      const deadline = Date.now() + 10_000;
      const ready = () => {
        if (stream.comments.length > 0) resolve(stream);
        else if (Date.now() > deadline) reject(new Error(`GET ${path}: 200 but no "connected" comment within 10 s`));
        else setTimeout(ready, 10);
      };
      ready();
    });
  });
}

function parseBlock(block: string, stream: OpenStream): void {
  const event: Partial<SseEvent> & { dataLines?: string[] } = {};
  for (const line of block.split('\n')) {
    if (line === '') continue;
    if (line.startsWith(':')) {
      stream.comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') event.id = value;
    else if (field === 'event') event.event = value;
    else if (field === 'data') (event.dataLines ??= []).push(value);
  }
  if (!event.dataLines) return;
  const text = event.dataLines.join('\n');
  let data: unknown = text;
  try {
    data = JSON.parse(text);
  } catch {
    // not JSON (e.g. the message of an `error` event): kept as text, and the comparison shows it
  }
  stream.events.push({ id: event.id, event: event.event, data });
}

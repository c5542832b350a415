import { useE2eRun } from './support/e2e-harness';

/**
 * Hostile input never reaches PostgreSQL as an error: every route's path, query, header and body
 * parameters are tried with values that once answered 500 (NUL bytes, a cursor beyond bigint, year 0000)
 * and their like. Every answer is below 500; every refusal is an RFC 9457 problem, and a 400 names the
 * parameter at fault. Values go into the URL as written (already percent-encoded where needed).
 */
const TRIAL = 'NCT04410731';
const cursorOf = (text: string) => Buffer.from(text).toString('base64url');

const HOSTILE_TEXT = [
  '%00',
  'a%00b',
  '%00%00%00',
  `${'x'.repeat(5000)}`,
  '%F0%9F%92%A5%C3%BC%E4%B8%AD',
  '%ED%A0%80',
  '%FF%FE',
  '%C0%AF',
  "'%20or%201%3D1%20--",
  '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
  '%25',
  '%0A%0D',
  '%20',
  'null',
  'undefined',
  '%5Bobject%20Object%5D',
  '-1',
];
const HOSTILE_NUMBERS = [
  '9999999999999999999',
  '9223372036854775808',
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  '0x10',
  '1.5',
  '%00',
  '',
  '99999999999999999999999999999999',
];
const HOSTILE_TIMES = [
  '0000-01-01T00:00:00Z',
  '-0001-01-01T00:00:00Z',
  '10000-01-01T00:00:00Z',
  '294277-01-01T00:00:00Z',
  'infinity',
  '-infinity',
  'epoch',
  'now',
  '2021-02-30T00:00:00Z',
  '2021-03-01T00:00:00%2B99:00',
  '2021-03-01T00:00:00Z%00',
  '9999-12-31T23:59:59-14:00',
  '0001-01-01T00:00:00%2B14:00',
  '%00',
];
const HOSTILE_CURSORS = [
  cursorOf('p:9999999999999999999'),
  cursorOf('p:-1'),
  cursorOf('p:'),
  cursorOf('p:1\u0000'),
  cursorOf('q:1'),
  'not-a-cursor',
  '%00',
  '%FF',
  '====',
  'x'.repeat(4000),
];
const ENUM_VALUES = ['bogus', '%00', 'OPEN', '', 'x'.repeat(3000)];

interface Route {
  method: 'GET' | 'POST';
  path: (p: Record<string, string>) => string;
  pathParams: Record<string, string>;
  query: Record<string, string[]>;
  sse?: boolean;
}

const ASOF = { asOf: HOSTILE_TIMES };
const ROUTES: Route[] = [
  { method: 'GET', path: () => '/api/trials', pathParams: {}, query: ASOF },
  {
    method: 'GET',
    path: (p) => `/api/trials/${p.trialId}/alerts`,
    pathParams: { trialId: TRIAL },
    query: {
      ...ASOF,
      status: ENUM_VALUES,
      kind: ENUM_VALUES,
      severity: ENUM_VALUES,
      subjectId: HOSTILE_TEXT,
      cursor: HOSTILE_CURSORS,
      limit: HOSTILE_NUMBERS,
    },
  },
  {
    method: 'GET',
    path: (p) => `/api/trials/${p.trialId}/alerts/${p.alertId}`,
    pathParams: { trialId: TRIAL, alertId: 'alert-1' },
    query: ASOF,
  },
  {
    method: 'POST',
    path: (p) => `/api/trials/${p.trialId}/alerts/${p.alertId}/acknowledge`,
    pathParams: { trialId: TRIAL, alertId: 'alert-1' },
    query: {},
  },
  {
    method: 'POST',
    path: (p) => `/api/trials/${p.trialId}/alerts/${p.alertId}/close`,
    pathParams: { trialId: TRIAL, alertId: 'alert-1' },
    query: {},
  },
  {
    method: 'GET',
    path: (p) => `/api/trials/${p.trialId}/adverse-events`,
    pathParams: { trialId: TRIAL },
    query: { ...ASOF, format: ENUM_VALUES, subjectId: HOSTILE_TEXT },
  },
  { method: 'GET', path: (p) => `/api/trials/${p.trialId}/summary`, pathParams: { trialId: TRIAL }, query: ASOF },
  // The dashboard views.
  ...['lab-peaks', 'visit-compliance', 'stopping-rules', 'clocks'].map((view): Route => ({
    method: 'GET',
    path: (p) => `/api/trials/${p.trialId}/${view}`,
    pathParams: { trialId: TRIAL },
    query: ASOF,
  })),
  {
    method: 'GET',
    path: (p) => `/api/trials/${p.trialId}/subjects/${p.subjectId}/timeline`,
    pathParams: { trialId: TRIAL, subjectId: 'CK-001' },
    query: ASOF,
  },
  {
    method: 'GET',
    path: (p) => `/api/trials/${p.trialId}/notifications`,
    pathParams: { trialId: TRIAL },
    query: { ...ASOF, after: HOSTILE_NUMBERS, limit: HOSTILE_NUMBERS },
  },
  {
    method: 'GET',
    path: (p) => `/api/trials/${p.trialId}/notifications/stream`,
    pathParams: { trialId: TRIAL },
    query: { ...ASOF, after: HOSTILE_NUMBERS },
    sse: true,
  },
];

const HOSTILE_BODIES: { name: string; raw: string; contentType?: string }[] = [
  ...[null, 5, true, [], {}, '', '   ', 'x'.repeat(4001), 'a\u0000b', '\ud800', '💥 ü 中', { nested: 1 }].map((comment) => ({
    name: `comment=${JSON.stringify(comment).slice(0, 20)}`,
    raw: JSON.stringify({ comment }),
  })),
  { name: 'no body', raw: '' },
  { name: 'malformed JSON', raw: '{"comment": ' },
  { name: 'JSON null', raw: 'null' },
  { name: 'JSON string', raw: '"comment"' },
  { name: 'JSON array', raw: '[{"comment":"x"}]' },
  { name: 'NUL escape in a key', raw: '{"comm\\u0000ent":"x"}' },
  { name: 'deeply nested', raw: `${'['.repeat(5000)}${']'.repeat(5000)}` },
  { name: 'over the body limit', raw: JSON.stringify({ comment: 'x'.repeat(2_000_000) }) },
  { name: 'form-encoded', raw: 'comment=%00', contentType: 'application/x-www-form-urlencoded' },
  { name: 'wrong charset', raw: '{"comment":"x"}', contentType: 'application/json; charset=utf-7' },
];

interface Answer {
  status: number;
  contentType: string;
  body: any;
}

describe('hostile input on every route (built API, real PostgreSQL)', () => {
  const run = useE2eRun('api-fuzz');
  let token: string;

  beforeAll(async () => {
    await run.startApi();
    token = await run.mintToken({ role: 'dsmb', trials: ['*'] });
  });

  /** One request; an SSE stream that opened is closed at once (only its status matters). */
  async function send(
    method: string,
    url: string,
    options: { body?: string; contentType?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 10_000);
    try {
      const response = await fetch(`${run.apiUrl}${url}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(options.body !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {}),
          ...options.headers,
        },
        body: options.body,
        signal: controller.signal,
      });
      const contentType = response.headers.get('content-type') ?? '';
      if (contentType.startsWith('text/event-stream')) {
        controller.abort();
        return { status: response.status, contentType, body: undefined };
      }
      const text = await response.text();
      return { status: response.status, contentType, body: contentType.includes('json') ? JSON.parse(text) : text };
    } finally {
      clearTimeout(timer);
    }
  }

  /** What a failing case prints: the request and the answer, so the cause is visible in the test output. */
  function expectProblem(what: string, answer: Answer, faulty: string[]): void {
    const outcome = answer.status < 500 ? 'below 500' : `${answer.status}: ${JSON.stringify(answer.body)}`;
    expect({ what, outcome }).toEqual({ what, outcome: 'below 500' });
    if (answer.status < 400) return;
    expect({ what, contentType: answer.contentType }).toEqual({ what, contentType: expect.stringMatching(/^application\/problem\+json/) });
    expect(answer.body).toMatchObject({
      type: 'about:blank',
      title: expect.any(String),
      status: answer.status,
      detail: expect.any(String),
      instance: expect.stringMatching(/^\//),
    });
    if (answer.status === 400) {
      const named = (answer.body.errors ?? []).map((e: { name: string }) => e.name);
      expect({ what, names: named.some((n: string) => faulty.includes(n)) }).toEqual({ what, names: true });
    }
  }

  it.each(
    ROUTES.map((r) => [`${r.method} ${r.path(Object.fromEntries(Object.keys(r.pathParams).map((k) => [k, `{${k}}`])))}`, r] as const),
  )('%s: hostile path and query parameters answer 4xx problems naming the parameter, never 5xx', async (_, route) => {
    const body = route.method === 'POST' ? JSON.stringify({ comment: 'fuzz' }) : undefined;
    for (const name of Object.keys(route.pathParams)) {
      for (const value of HOSTILE_TEXT) {
        const url = route.path({ ...route.pathParams, [name]: value });
        // An undecodable path is refused by Express before routing: the problem names the path.
        expectProblem(`${route.method} ${url.slice(0, 120)}`, await send(route.method, url, { body }), [name, 'path']);
      }
    }
    for (const [name, values] of Object.entries(route.query)) {
      for (const value of values) {
        const url = `${route.path(route.pathParams)}?${name}=${value}`;
        expectProblem(`${route.method} ${url.slice(0, 120)}`, await send(route.method, url, { body }), [name]);
      }
      const repeated = `${route.path(route.pathParams)}?${name}=1&${name}=2`;
      expectProblem(`${route.method} ${repeated}`, await send(route.method, repeated, { body }), [name]);
      const bracketed = `${route.path(route.pathParams)}?${name}[a]=1&${name}[]=2`;
      expectProblem(`${route.method} ${bracketed}`, await send(route.method, bracketed, { body }), [name]);
    }
  });

  it.each(['acknowledge', 'close'])(
    'POST …/%s: hostile bodies answer 4xx problems naming the body or the comment, never 5xx',
    async (action) => {
      for (const hostile of HOSTILE_BODIES) {
        const answer = await send('POST', `/api/trials/${TRIAL}/alerts/alert-1/${action}`, {
          body: hostile.raw,
          contentType: hostile.contentType,
        });
        expectProblem(`${action} with ${hostile.name}`, answer, ['comment', 'body']);
      }
    },
  );

  it('the notification stream refuses a hostile Last-Event-ID as a problem naming the header', async () => {
    for (const value of ['abc', '-1', '9223372036854775808', '1e3', '1, 2', 'x'.repeat(4000), '\u00ff']) {
      const answer = await send('GET', `/api/trials/${TRIAL}/notifications/stream`, { headers: { 'last-event-id': value } });
      expect({ value, status: answer.status }).toEqual({ value, status: 400 });
      expectProblem(`Last-Event-ID: ${value.slice(0, 30)}`, answer, ['Last-Event-ID']);
    }
  });

  it('answers the cases reported in issue 8 with 400 and the parameter, not 500', async () => {
    const cases: [string, string, string][] = [
      [`/api/trials/${TRIAL}/alerts?subjectId=%00`, 'query', 'subjectId'],
      [`/api/trials/${TRIAL}%00/alerts`, 'path', 'trialId'],
      [`/api/trials/${TRIAL}/subjects/CK%00/timeline`, 'path', 'subjectId'],
      [`/api/trials/${TRIAL}/alerts/a%00`, 'path', 'alertId'],
      [`/api/trials/${TRIAL}/alerts?cursor=${cursorOf('p:9999999999999999999')}`, 'query', 'cursor'],
      ...[
        '/api/trials',
        `/api/trials/${TRIAL}/alerts`,
        `/api/trials/${TRIAL}/alerts/a`,
        `/api/trials/${TRIAL}/adverse-events`,
        `/api/trials/${TRIAL}/summary`,
        `/api/trials/${TRIAL}/subjects/CK-001/timeline`,
        `/api/trials/${TRIAL}/notifications`,
      ].map((path): [string, string, string] => [`${path}?asOf=0000-01-01T00:00:00Z`, 'query', 'asOf']),
    ];
    for (const [url, where, name] of cases) {
      const answer = await send('GET', url);
      expect({ url, status: answer.status, errors: answer.body.errors }).toEqual({
        url,
        status: 400,
        errors: [expect.objectContaining({ in: where, name })],
      });
    }
  });

  it('answers an unknown route, no token and a foreign trial with problems too', async () => {
    expect(await send('GET', '/api/nowhere')).toMatchObject({
      status: 404,
      contentType: expect.stringMatching(/^application\/problem\+json/),
    });
    const anonymous = await fetch(`${run.apiUrl}/api/trials/${TRIAL}/alerts?subjectId=%00`);
    expect(anonymous.status).toBe(401); // the token is checked before the parameters
    expect(await anonymous.json()).toMatchObject({ status: 401, title: 'Unauthorized', instance: `/api/trials/${TRIAL}/alerts` });
    const other = await run.mintToken({ role: 'sponsor', trials: ['OTHER'] });
    const forbidden = await fetch(`${run.apiUrl}/api/trials/${TRIAL}/summary`, { headers: { authorization: `Bearer ${other}` } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await forbidden.json()).toMatchObject({ status: 403, detail: `your token does not give access to trial ${TRIAL}` });
  });
});

import { AnswerCache, AnswerCacheOptions, CachedAnswer } from './answer-cache';

const answer = (body: string): CachedAnswer => ({ body, contentType: 'application/json', etag: `"${body}"` });

/** A rendering that finishes when the test says so. */
function gated(body: string) {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const gate = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
  let renders = 0;
  const render = async () => {
    renders++;
    await gate;
    return answer(body);
  };
  return { render, finish, fail, renders: () => renders };
}

/** Lets every pending promise callback run (no timers involved). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('AnswerCache: one rendering per key and read-model state', () => {
  it('answers again from the rendering while the state stands, and renders again once it moves', async () => {
    const cache = new AnswerCache(1_000);
    let renders = 0;
    const render = async () => answer(`v${++renders}`);
    expect(await cache.answer('alerts', 'state-1', render)).toMatchObject({ answer: answer('v1'), status: 'miss', state: 'state-1' });
    expect(await cache.answer('alerts', 'state-1', render)).toMatchObject({ answer: answer('v1'), status: 'hit' });
    expect(await cache.answer('alerts', 'state-2', render)).toMatchObject({ answer: answer('v2'), status: 'miss', state: 'state-2' });
    expect(renders).toBe(2);
  });

  it('renders once for many callers that miss together', async () => {
    const cache = new AnswerCache(1_000);
    let renders = 0;
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const render = async () => {
      renders++;
      await gate;
      return answer('slow');
    };
    const callers = Array.from({ length: 50 }, () => cache.answer('ae-listing', 'state-1', render));
    finish();
    const answers = await Promise.all(callers);
    expect(renders).toBe(1);
    expect(new Set(answers.map((a) => a.answer.body))).toEqual(new Set(['slow']));
  });

  it('keeps no failed rendering: the next caller renders again', async () => {
    const cache = new AnswerCache(1_000);
    await expect(cache.answer('alert', 's', async () => Promise.reject(new Error('not found')))).rejects.toThrow('not found');
    expect((await cache.answer('alert', 's', async () => answer('found'))).answer.body).toBe('found');
  });

  it('holds at most its byte budget, dropping the least recently used answer first', async () => {
    const cache = new AnswerCache(10);
    await cache.answer('a', 's', async () => answer('aaaa'));
    await cache.answer('b', 's', async () => answer('bbbb'));
    await cache.answer('a', 's', async () => answer('never')); // a is now the most recent
    await cache.answer('c', 's', async () => answer('cccc'));
    expect(cache.size).toEqual({ entries: 2, bytes: 8 });
    expect((await cache.answer('a', 's', async () => answer('again'))).status).toBe('hit');
    expect((await cache.answer('b', 's', async () => answer('bbbb'))).status).toBe('miss');
  });

  it('does not keep an answer larger than the whole budget (a budget of 0 keeps nothing)', async () => {
    const cache = new AnswerCache(0);
    await cache.answer('a', 's', async () => answer('x'));
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
    expect((await cache.answer('a', 's', async () => answer('x'))).status).toBe('miss');
  });
});

describe('AnswerCache: bounded staleness once the read models moved', () => {
  let now: number;
  const errors: string[] = [];
  const cacheWith = (options: AnswerCacheOptions = {}) =>
    new AnswerCache(1_000, {
      staleMs: 1_000,
      now: () => now,
      onRevalidateError: (key, e) => errors.push(`${key}: ${String(e)}`),
      ...options,
    });

  beforeEach(() => {
    now = 10_000;
    errors.length = 0;
  });

  it('answers at once from a rendering started within the bound, and renders the new state once behind it', async () => {
    const cache = cacheWith();
    await cache.answer('alerts', 's1', async () => answer('v1'));
    now += 999;
    const next = gated('v2');
    const stale = await Promise.all(Array.from({ length: 20 }, () => cache.answer('alerts', 's2', next.render)));
    expect(stale.every((a) => a.status === 'stale' && a.answer.body === 'v1' && a.renderedAt === 10_000 && a.state === 's1')).toBe(true);
    await settle();
    expect(next.renders()).toBe(1); // twenty callers, one background rendering
    next.finish();
    await settle();
    expect(await cache.answer('alerts', 's2', next.render)).toMatchObject({ status: 'hit', answer: answer('v2'), renderedAt: 10_999 });
    expect(next.renders()).toBe(1);
  });

  it('counts the bound from the last moment the answer was seen current, not from its rendering', async () => {
    const cache = cacheWith();
    await cache.answer('alerts', 's1', async () => answer('v1'));
    now += 5_000;
    expect((await cache.answer('alerts', 's1', async () => answer('unused'))).status).toBe('hit'); // s1 still current at 15 000
    now += 900; // the state moved since: v1 is at most 900 ms out of date, though rendered 5.9 s ago
    const next = gated('v2');
    expect(await cache.answer('alerts', 's2', next.render)).toMatchObject({ status: 'stale', answer: answer('v1'), renderedAt: 10_000 });
    next.finish();
    await settle();
    now += 200;
    expect(await cache.answer('alerts', 's2', next.render)).toMatchObject({ status: 'hit', answer: answer('v2') });
  });

  it('never answers an answer out of date for the bound or longer: the caller waits for the current state', async () => {
    const cache = cacheWith();
    await cache.answer('alerts', 's1', async () => answer('v1'));
    now += 1_000;
    const next = gated('v2');
    let answered = false;
    const waiting = cache.answer('alerts', 's2', next.render).then((a) => ((answered = true), a));
    await settle();
    expect(answered).toBe(false);
    next.finish();
    expect(await waiting).toMatchObject({ status: 'miss', answer: answer('v2') });
  });

  it('makes a caller that asks for a fresh answer wait for the current state, within the bound too', async () => {
    const cache = cacheWith();
    await cache.answer('alerts', 's1', async () => answer('v1'));
    now += 10;
    const next = gated('v2');
    let answered = false;
    const waiting = cache.answer('alerts', 's2', next.render, true).then((a) => ((answered = true), a));
    // Another caller without the request gets the stale answer and shares the same rendering.
    expect(await cache.answer('alerts', 's2', next.render)).toMatchObject({ status: 'stale', answer: answer('v1') });
    await settle();
    expect(answered).toBe(false);
    next.finish();
    expect(await waiting).toMatchObject({ status: 'miss', answer: answer('v2') });
    expect(next.renders()).toBe(1);
    // Fresh while the state stands: the answer already is from the current state.
    expect(await cache.answer('alerts', 's2', next.render, true)).toMatchObject({ status: 'hit', answer: answer('v2') });
  });

  it('drops the entry and reports it when the background rendering fails (no unhandled rejection)', async () => {
    const cache = cacheWith();
    await cache.answer('alert-7', 's1', async () => answer('v1'));
    const next = gated('never');
    expect((await cache.answer('alert-7', 's2', next.render)).status).toBe('stale');
    next.fail(new Error('read model gone'));
    await settle();
    expect(errors).toEqual(['alert-7: Error: read model gone']);
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
    await expect(cache.answer('alert-7', 's2', async () => Promise.reject(new Error('still gone')))).rejects.toThrow('still gone');
  });

  it('is strict with a bound of 0: every move makes callers wait', async () => {
    const cache = cacheWith({ staleMs: 0 });
    await cache.answer('alerts', 's1', async () => answer('v1'));
    expect(await cache.answer('alerts', 's2', async () => answer('v2'))).toMatchObject({ status: 'miss', answer: answer('v2') });
  });

  it('keeps the later rendering when an earlier one finishes after it', async () => {
    const cache = cacheWith();
    await cache.answer('alerts', 's1', async () => answer('v1'));
    const slow = gated('v2');
    expect((await cache.answer('alerts', 's2', slow.render)).status).toBe('stale'); // background rendering of s2
    now += 1;
    expect(await cache.answer('alerts', 's3', async () => answer('v3'), true)).toMatchObject({ status: 'miss', answer: answer('v3') });
    slow.finish();
    await settle();
    expect(await cache.answer('alerts', 's3', slow.render)).toMatchObject({ status: 'hit', answer: answer('v3') });
  });
});

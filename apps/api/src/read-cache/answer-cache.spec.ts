import { AnswerCache, CachedAnswer } from './answer-cache';

const answer = (body: string): CachedAnswer => ({ body, contentType: 'application/json', etag: `"${body}"` });

describe('AnswerCache: one rendering per key and read-model state', () => {
  it('answers again from the rendering while the state stands, and renders again once it moves', async () => {
    const cache = new AnswerCache(1_000);
    let renders = 0;
    const render = async () => answer(`v${++renders}`);
    expect(await cache.answer('alerts', 'state-1', render)).toEqual({ answer: answer('v1'), hit: false });
    expect(await cache.answer('alerts', 'state-1', render)).toEqual({ answer: answer('v1'), hit: true });
    expect(await cache.answer('alerts', 'state-2', render)).toEqual({ answer: answer('v2'), hit: false });
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
    expect((await cache.answer('a', 's', async () => answer('again'))).hit).toBe(true);
    expect((await cache.answer('b', 's', async () => answer('bbbb'))).hit).toBe(false);
  });

  it('does not keep an answer larger than the whole budget (a budget of 0 keeps nothing)', async () => {
    const cache = new AnswerCache(0);
    await cache.answer('a', 's', async () => answer('x'));
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
    expect((await cache.answer('a', 's', async () => answer('x'))).hit).toBe(false);
  });
});

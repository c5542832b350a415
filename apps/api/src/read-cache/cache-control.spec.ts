import { wantsFreshAnswer } from './cache-control';

describe('wantsFreshAnswer: may the read cache answer from an earlier state of the read models?', () => {
  it.each([
    [{}, false],
    [{ 'cache-control': 'no-cache' }, true],
    [{ 'cache-control': 'max-age=0' }, true],
    [{ 'cache-control': 'private, Max-Age = 0' }, true],
    [{ 'cache-control': 'no-store, no-cache' }, true],
    [{ 'cache-control': 'max-age=10' }, false],
    [{ 'cache-control': 'max-stale=5' }, false],
    [{ pragma: 'no-cache' }, true],
    [{ pragma: 'no-cache', 'cache-control': 'max-age=60' }, false],
  ])('%j: %p', (headers, fresh) => {
    expect(wantsFreshAnswer(headers)).toBe(fresh);
  });
});

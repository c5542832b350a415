import { parseTtl } from './mint-token.command';

describe('mint-token --ttl', () => {
  it.each([
    ['3600', 3600],
    ['90s', 90],
    ['30m', 1800],
    ['8h', 28_800],
    ['1d', 86_400],
  ])('reads %p as %p seconds', (text, seconds) => {
    expect(parseTtl(text)).toBe(seconds);
  });

  it.each(['0', '-5m', '1.5h', '8 hours', 'forever', ''])('refuses %p, naming --ttl', (text) => {
    expect(() => parseTtl(text)).toThrow(/--ttl must be a positive duration/);
  });
});

import { BadRequestException } from '@nestjs/common';
import { parseAsOf } from './parse-as-of';

describe('parseAsOf', () => {
  it.each([
    ['2021-03-01T00:00:00Z', '2021-03-01T00:00:00Z'],
    ['2021-03-01T00:00Z', '2021-03-01T00:00Z'],
    ['2021-03-01T10:15:30.123456+01:00', '2021-03-01T10:15:30.123456+01:00'],
    ['2021-03-01T10:15:30-0500', '2021-03-01T10:15:30-0500'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59Z'],
    // an unencoded "+" in a URL arrives as a space
    ['2021-03-01T10:15:30 01:00', '2021-03-01T10:15:30+01:00'],
  ])('accepts %s', (given, expected) => {
    expect(parseAsOf({ asOf: given })).toBe(expected);
  });

  it('is undefined when absent or empty', () => {
    expect(parseAsOf({})).toBeUndefined();
    expect(parseAsOf({ asOf: '' })).toBeUndefined();
  });

  it.each(['2021-03-01', '2021-03-01T00:00:00', 'yesterday', '2021-02-30T00:00:00Z', '2021-13-01T00:00:00Z', '2021-03-01T24:00:00Z', '2021-03-01T00:00:00+15:00', '1614556800'])(
    'refuses %s with a 400 naming the parameter',
    (given) => {
      expect(() => parseAsOf({ asOf: given })).toThrow(BadRequestException);
      expect(() => parseAsOf({ asOf: given })).toThrow(`"asOf" must be an ISO 8601 time with offset, e.g. 2021-03-01T00:00:00Z (got "${given}")`);
    },
  );

  it('refuses a repeated parameter', () => {
    expect(() => parseAsOf({ asOf: ['2021-03-01T00:00:00Z', '2021-03-02T00:00:00Z'] })).toThrow('"asOf" must be given once');
  });
});

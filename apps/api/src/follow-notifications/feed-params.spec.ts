import { BadRequestException } from '@nestjs/common';
import { parseFeedQuery, parseStreamQuery } from './feed-params';

describe('parseFeedQuery', () => {
  it('defaults to the beginning of the feed, 100 items, no asOf', () => {
    expect(parseFeedQuery({})).toEqual({ after: '0', limit: 100, asOf: undefined });
    expect(parseFeedQuery({ after: '', limit: '' })).toEqual({ after: '0', limit: 100, asOf: undefined });
  });

  it('reads after, limit and asOf', () => {
    expect(parseFeedQuery({ after: '42', limit: '2', asOf: '2021-03-01T00:00:00Z' })).toEqual({ after: '42', limit: 2, asOf: '2021-03-01T00:00:00Z' });
    expect(parseFeedQuery({ after: '007', limit: '1000' })).toMatchObject({ after: '7', limit: 1000 });
  });

  it('keeps a seq beyond 2^53 exact (bigint)', () => {
    expect(parseFeedQuery({ after: '9223372036854775807' }).after).toBe('9223372036854775807');
  });

  it.each(['-1', 'abc', '1.5', '1e3', ' 3', '0x10', '9223372036854775808', '12345678901234567890'])('refuses after=%j with a 400 naming "after"', (after) => {
    expect(() => parseFeedQuery({ after })).toThrow(BadRequestException);
    expect(() => parseFeedQuery({ after })).toThrow(/"after" must be a notification seq/);
  });

  it.each(['0', '1001', '-5', '2.5', 'ten', '1e2', ' 10'])('refuses limit=%j with a 400 naming "limit"', (limit) => {
    expect(() => parseFeedQuery({ limit })).toThrow(BadRequestException);
    expect(() => parseFeedQuery({ limit })).toThrow(/"limit" must be an integer from 1 to 1000/);
  });

  it('refuses a parameter given twice', () => {
    expect(() => parseFeedQuery({ after: ['1', '2'] })).toThrow(/"after" must be given once/);
    expect(() => parseFeedQuery({ limit: ['1', '2'] })).toThrow(/"limit" must be given once/);
  });

  it('refuses a bad asOf naming it', () => {
    expect(() => parseFeedQuery({ asOf: 'yesterday' })).toThrow(/"asOf"/);
  });
});

describe('parseStreamQuery', () => {
  it('starts at the beginning without header or after', () => {
    expect(parseStreamQuery({}, undefined)).toEqual({ after: '0', asOf: undefined });
  });

  it('resumes after ?after= when there is no Last-Event-ID', () => {
    expect(parseStreamQuery({ after: '5' }, undefined).after).toBe('5');
    expect(parseStreamQuery({ after: '5' }, '').after).toBe('5');
  });

  it('prefers Last-Event-ID over ?after= (an EventSource reconnects with the URL it was first given)', () => {
    expect(parseStreamQuery({ after: '5' }, '12').after).toBe('12');
    expect(parseStreamQuery({}, ' 12 ').after).toBe('12');
  });

  it('refuses a Last-Event-ID that is not a seq, naming the header', () => {
    expect(() => parseStreamQuery({}, 'abc')).toThrow(BadRequestException);
    expect(() => parseStreamQuery({}, 'abc')).toThrow(/"Last-Event-ID" must be a notification seq/);
    expect(() => parseStreamQuery({}, ['1', '2'])).toThrow(/"Last-Event-ID" must be given once/);
  });

  it('refuses a bad after or asOf', () => {
    expect(() => parseStreamQuery({ after: '-3' }, undefined)).toThrow(/"after"/);
    expect(() => parseStreamQuery({ asOf: '2021-03-01' }, undefined)).toThrow(/"asOf"/);
  });
});

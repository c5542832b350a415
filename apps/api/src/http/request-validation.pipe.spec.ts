import 'reflect-metadata';
import { ArgumentMetadata } from '@nestjs/common';
import { AlertActionBody } from '../act-on-alert/alert-action.dto';
import { encodeCursor } from '../alerts/alert-cursor';
import { AlertPath, ListAlertsParams } from '../alerts/alert-requests.dto';
import { FeedParams, ResumeHeader, StreamParams } from '../notifications/notifications.dto';
import { AsOfQuery } from './common.dto';
import { InvalidRequestException } from './problem';
import { RequestValidationPipe } from './request-validation.pipe';

const pipe = new RequestValidationPipe();
const parse = (metatype: new () => object, value: unknown, type: ArgumentMetadata['type'] = 'query') =>
  pipe.transform(value, { type, metatype });

/** The problem's `errors` for a refused request, or a failure when it was accepted. */
async function refusal(metatype: new () => object, value: unknown, type: ArgumentMetadata['type'] = 'query') {
  const error = await parse(metatype, value, type).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidRequestException);
  return (error as InvalidRequestException).errors;
}

describe('asOf (every read route)', () => {
  it.each([
    ['2021-03-01T00:00:00Z', '2021-03-01T00:00:00Z'],
    ['2021-03-01T00:00Z', '2021-03-01T00:00Z'],
    ['2021-03-01T10:15:30.123456+01:00', '2021-03-01T10:15:30.123456+01:00'],
    ['2021-03-01T10:15:30-0500', '2021-03-01T10:15:30-0500'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00Z'],
    ['9999-12-31T23:59:59-14:00', '9999-12-31T23:59:59-14:00'],
    // an unencoded "+" in a URL arrives as a space
    ['2021-03-01T10:15:30 01:00', '2021-03-01T10:15:30+01:00'],
  ])('accepts %s', async (given, expected) => {
    expect(await parse(AsOfQuery, { asOf: given })).toEqual({ asOf: expected });
  });

  it('is absent when missing or empty', async () => {
    expect(await parse(AsOfQuery, {})).toEqual({});
    expect(await parse(AsOfQuery, { asOf: '' })).toEqual({});
  });

  it.each([
    '2021-03-01',
    '2021-03-01T00:00:00',
    'yesterday',
    '2021-02-30T00:00:00Z',
    '2021-13-01T00:00:00Z',
    '2021-03-01T24:00:00Z',
    '2021-03-01T00:00:00+15:00',
    '1614556800',
    '2023-02-29T00:00:00Z',
    '0000-01-01T00:00:00Z', // PostgreSQL has no year 0: "date/time field value out of range" before
  ])('refuses %s naming the query parameter', async (given) => {
    expect(await refusal(AsOfQuery, { asOf: given })).toEqual([
      { in: 'query', name: 'asOf', reason: `"asOf" must be an ISO 8601 time with offset, e.g. 2021-03-01T00:00:00Z (got "${given}")` },
    ]);
  });

  it('refuses a repeated parameter', async () => {
    expect(await refusal(AsOfQuery, { asOf: ['2021-03-01T00:00:00Z', '2021-03-02T00:00:00Z'] })).toEqual([
      { in: 'query', name: 'asOf', reason: 'query parameter "asOf" must be given once' },
    ]);
  });
});

describe('alert listing parameters', () => {
  it('reads filters, limit and a cursor into its list position', async () => {
    const q = await parse(ListAlertsParams, {
      status: 'open',
      kind: 'hys-law',
      severity: 'high',
      subjectId: 'S-1',
      limit: '20',
      cursor: encodeCursor('42'),
    });
    expect(q).toMatchObject({ status: 'open', kind: 'hys-law', severity: 'high', subjectId: 'S-1', limit: 20, cursor: '42' });
  });

  it('ignores parameters it does not know', async () => {
    expect(await parse(ListAlertsParams, { colour: 'red' })).toEqual({});
  });

  it.each([
    ['status', 'bogus', '"status" must be one of open, acknowledged, closed, withdrawn (got "bogus")'],
    ['limit', '0', '"limit" must be an integer from 1 to 500 (got "0")'],
    ['limit', '1e3', '"limit" must be an integer from 1 to 500 (got "1e3")'],
    ['subjectId', 'S\u00001', '"subjectId" must not contain NUL characters'],
    ['cursor', 'not-a-cursor', '"cursor" is not a cursor this API returned'],
    // passed the old check, then "out of range for type bigint" in PostgreSQL
    ['cursor', Buffer.from('p:9999999999999999999').toString('base64url'), '"cursor" is not a cursor this API returned'],
  ])('refuses %s=%j naming it', async (name, value, reason) => {
    expect(await refusal(ListAlertsParams, { [name]: value })).toEqual([{ in: 'query', name, reason }]);
  });

  it('names every parameter at fault, each once', async () => {
    const errors = await refusal(ListAlertsParams, { status: 'x', limit: '-1', asOf: 'soon' });
    expect(errors.map((e) => e.name).sort()).toEqual(['asOf', 'limit', 'status']);
  });

  it('refuses a NUL in a path parameter, naming it as a path parameter', async () => {
    expect(await refusal(AlertPath, { trialId: 'T1', alertId: 'a\u0000b' }, 'param')).toEqual([
      { in: 'path', name: 'alertId', reason: '"alertId" must not contain NUL characters' },
    ]);
  });
});

describe('notification feed parameters', () => {
  it('reads after (canonical, beyond 2^53 exact) and limit', async () => {
    expect(await parse(FeedParams, { after: '007', limit: '1000' })).toEqual({ after: '7', limit: 1000 });
    expect(await parse(FeedParams, { after: '9223372036854775807' })).toEqual({ after: '9223372036854775807' });
    expect(await parse(FeedParams, { after: '', limit: '' })).toEqual({});
  });

  it.each(['-1', 'abc', '1.5', '1e3', ' 3', '0x10', '9223372036854775808', '12345678901234567890'])('refuses after=%j', async (after) => {
    const [error] = await refusal(FeedParams, { after });
    expect(error).toMatchObject({ in: 'query', name: 'after', reason: expect.stringMatching(/^"after" must be a notification seq/) });
  });

  it.each(['0', '1001', '-5', '2.5', 'ten', ' 10'])('refuses limit=%j', async (limit) => {
    const [error] = await refusal(FeedParams, { limit });
    expect(error.reason).toMatch(/^"limit" must be an integer from 1 to 1000/);
  });

  it('checks the stream resume header as a header', async () => {
    const headerPipe = new RequestValidationPipe('header');
    const metadata = { type: 'custom' as const, metatype: ResumeHeader };
    expect(await headerPipe.transform({ 'Last-Event-ID': '12' }, metadata)).toEqual({ 'Last-Event-ID': '12' });
    const error = await headerPipe.transform({ 'Last-Event-ID': 'abc' }, metadata).catch((e: InvalidRequestException) => e);
    expect((error as InvalidRequestException).errors[0]).toMatchObject({ in: 'header', name: 'Last-Event-ID' });
    expect(await parse(StreamParams, { after: '5' })).toEqual({ after: '5' });
  });
});

describe('acknowledge/close body', () => {
  it('trims the comment', async () => {
    expect(await parse(AlertActionBody, { comment: '  seen  ' }, 'body')).toEqual({ comment: 'seen' });
  });

  it.each([undefined, null, [], {}, { comment: '' }, { comment: '   ' }, { comment: 5 }])(
    'refuses %j as a missing comment',
    async (body) => {
      expect(await refusal(AlertActionBody, body, 'body')).toEqual([
        { in: 'body', name: 'comment', reason: 'body must be JSON { "comment": "<why>" } with a non-empty comment' },
      ]);
    },
  );

  it('refuses a comment over 4000 characters or with NUL', async () => {
    expect((await refusal(AlertActionBody, { comment: 'x'.repeat(4001) }, 'body'))[0].reason).toBe(
      '"comment" must be at most 4000 characters',
    );
    expect((await refusal(AlertActionBody, { comment: 'a\u0000b' }, 'body'))[0].reason).toBe('"comment" must not contain NUL characters');
  });
});

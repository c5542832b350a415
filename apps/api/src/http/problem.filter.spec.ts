import { ArgumentsHost, ConflictException, ForbiddenException, Logger } from '@nestjs/common';
import { invalidParameter } from './problem';
import { ProblemFilter } from './problem.filter';

/** What the filter wrote for `exception` on `GET /api/trials/T1/alerts`. */
function answer(exception: unknown): { status: number; contentType: string; body: Record<string, unknown> } {
  const written = { status: 0, contentType: '', text: '' };
  const response = {
    headersSent: false,
    status: (s: number) => ((written.status = s), response),
    setHeader: (_: string, value: string) => ((written.contentType = value), response),
    send: (text: string) => ((written.text = text), response),
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ method: 'GET', path: '/api/trials/T1/alerts' }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new ProblemFilter().catch(exception, host);
  return { status: written.status, contentType: written.contentType, body: JSON.parse(written.text) };
}

describe('ProblemFilter', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));

  it('answers a refused parameter as a 400 problem naming it', () => {
    expect(answer(invalidParameter('query', 'cursor', '"cursor" is not a cursor this API returned'))).toEqual({
      status: 400,
      contentType: 'application/problem+json; charset=utf-8',
      body: {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: '"cursor" is not a cursor this API returned',
        instance: '/api/trials/T1/alerts',
        errors: [{ in: 'query', name: 'cursor', reason: '"cursor" is not a cursor this API returned' }],
      },
    });
  });

  it("keeps an HTTP exception's message as detail (403, 409)", () => {
    expect(answer(new ForbiddenException('your token does not give access to trial T1')).body).toEqual({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      detail: 'your token does not give access to trial T1',
      instance: '/api/trials/T1/alerts',
    });
    expect(answer(new ConflictException('alert is closed')).body).toMatchObject({
      status: 409,
      title: 'Conflict',
      detail: 'alert is closed',
    });
  });

  it('answers an unexpected error with a 500 that shows neither its message nor its stack', () => {
    const { status, body } = answer(new Error('invalid byte sequence for encoding "UTF8": 0x00 at /srv/app/x.js:1'));
    expect(status).toBe(500);
    expect(body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'the API failed to answer this request; the cause is in its log',
      instance: '/api/trials/T1/alerts',
    });
  });

  it("answers body-parser's refusals (oversized body) with their status, naming the body", () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true, type: 'entity.too.large' });
    expect(answer(tooLarge).body).toMatchObject({ status: 413, title: 'Payload Too Large', errors: [{ in: 'body', name: 'body' }] });
  });
});

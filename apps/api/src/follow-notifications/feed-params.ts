import { BadRequestException } from '@nestjs/common';
import { parseAsOf } from '../as-of/parse-as-of';

export const DEFAULT_FEED_LIMIT = 100;
export const MAX_FEED_LIMIT = 1000;
const MAX_SEQ = 9223372036854775807n; // PostgreSQL bigint

export interface FeedQuery {
  /** Exclusive: only notifications with a larger seq. A decimal string, as seq is a bigint. */
  after: string;
  limit: number;
  asOf?: string;
}

/** `?after=&limit=&asOf=` of the feed, or a 400 that names the parameter and says what it may be. */
export function parseFeedQuery(query: Record<string, unknown>): FeedQuery {
  const limitText = one(query, 'limit');
  const limit = limitText === undefined ? DEFAULT_FEED_LIMIT : Number(limitText);
  if (!/^\d+$/.test(limitText ?? '1') || !Number.isInteger(limit) || limit < 1 || limit > MAX_FEED_LIMIT) {
    throw new BadRequestException(`"limit" must be an integer from 1 to ${MAX_FEED_LIMIT} (got "${limitText}")`);
  }
  return { after: parseSeq('after', one(query, 'after')) ?? '0', limit, asOf: parseAsOf(query) };
}

/**
 * Where a stream resumes: the `Last-Event-ID` header wins over `?after=`, because an EventSource that
 * reconnects sends the header but repeats the URL it was first given, whose `after` is older.
 */
export function parseStreamQuery(query: Record<string, unknown>, lastEventId: string | string[] | undefined): Omit<FeedQuery, 'limit'> {
  if (Array.isArray(lastEventId)) throw new BadRequestException('header "Last-Event-ID" must be given once');
  const fromHeader = parseSeq('Last-Event-ID', lastEventId?.trim() || undefined);
  const fromQuery = parseSeq('after', one(query, 'after'));
  return { after: fromHeader ?? fromQuery ?? '0', asOf: parseAsOf(query) };
}

/** A seq as given by this API (`seq`, `nextCursor`, `lastSeq`, SSE `id`): a non-negative bigint. */
function parseSeq(name: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,19}$/.test(text) || BigInt(text) > MAX_SEQ) {
    throw new BadRequestException(`"${name}" must be a notification seq this feed returned (an integer ≥ 0; got "${text}")`);
  }
  return BigInt(text).toString(); // "007" → "7"
}

function one(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new BadRequestException(`query parameter "${name}" must be given once`);
  return value;
}

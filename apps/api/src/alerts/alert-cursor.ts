import { PG_BIGINT_MAX, text } from '../http/parameters';
import { Parser, Refused } from '../http/parsed.decorator';

/** The listing cursor: an opaque token for the list position of the last alert of a page. */
export function encodeCursor(listPosition: string): string {
  return Buffer.from(`p:${listPosition}`).toString('base64url');
}

/** A cursor this API returned → the list position it stands for (a `bigint`), or refused. */
export const alertCursor: Parser<string> = (raw) => {
  const cursor = text('cursor')(raw);
  if (cursor instanceof Refused) return cursor;
  const match = /^p:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || BigInt(match[1]) > PG_BIGINT_MAX) return new Refused('"cursor" is not a cursor this API returned');
  return BigInt(match[1]).toString();
};

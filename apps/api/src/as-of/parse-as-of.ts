import { BadRequestException } from '@nestjs/common';

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/**
 * The `asOf` query parameter of every read endpoint (SPEC §5): undefined when absent, else the time as an
 * ISO 8601 string with `Z` or an offset, ready for `$n::timestamptz` (kept as given, so microseconds survive).
 * A time without offset is refused rather than guessed: "as of midnight" in which zone changes the answer.
 * An unencoded `+` in a query string arrives as a space; that one case is read as the `+` it was.
 */
export function parseAsOf(query: Record<string, unknown>): string | undefined {
  const value = query.asOf;
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new BadRequestException('query parameter "asOf" must be given once');
  const text = value.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  if (!isValidIsoWithOffset(text)) {
    throw new BadRequestException(`"asOf" must be an ISO 8601 time with offset, e.g. 2021-03-01T00:00:00Z (got "${value}")`);
  }
  return text;
}

function isValidIsoWithOffset(text: string): boolean {
  const m = ISO_WITH_OFFSET.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return false;
  if (m[8] !== 'Z' && (Number(m[10]) > 14 || Number(m[11]) > 59)) return false;
  return true;
}

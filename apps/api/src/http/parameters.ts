import { Parser, Refused } from './parsed.decorator';

/**
 * The parameter rules every route shares. Whatever passes them fits PostgreSQL: text without NUL (which
 * `text` and `jsonb` refuse), integers within `bigint`, times within `timestamptz`.
 */
export const PG_BIGINT_MAX = 9223372036854775807n;

/** One string without NUL: a repeated query parameter arrives as a list and is refused. */
export function text(name: string, options: { maxLength?: number; missing?: string } = {}): Parser<string> {
  return (raw) => {
    if (raw === undefined) return new Refused(options.missing ?? `"${name}" is required`);
    if (Array.isArray(raw)) return new Refused(`query parameter "${name}" must be given once`);
    if (typeof raw !== 'string') return new Refused(`"${name}" must be a string`);
    if (raw.includes('\u0000')) return new Refused(`"${name}" must not contain NUL characters`);
    if (options.maxLength !== undefined && raw.length > options.maxLength)
      return new Refused(`"${name}" must be at most ${options.maxLength} characters`);
    return raw;
  };
}

/** One of a fixed list of values. */
export function oneOf<T extends string>(name: string, allowed: readonly T[]): Parser<T> {
  return (raw) => {
    const value = text(name)(raw);
    if (value instanceof Refused) return value;
    return (allowed as readonly string[]).includes(value)
      ? (value as T)
      : new Refused(`"${name}" must be one of ${allowed.join(', ')} (got "${value}")`);
  };
}

/** A decimal integer from min to max (no sign, exponent or spaces). */
export function integer(
  name: string,
  min: number,
  max: number,
  refusal = (got: string) => `"${name}" must be an integer from ${min} to ${max} (got "${got}")`,
): Parser<number> {
  return (raw) => {
    const value = text(name)(raw);
    if (value instanceof Refused) return value;
    const n = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
    return Number.isInteger(n) && n >= min && n <= max ? n : new Refused(refusal(value));
  };
}

/** A notification seq as this API hands it out: a non-negative `bigint`, as a canonical decimal string ("007" → "7"). */
export function seq(name: string): Parser<string> {
  return (raw) => {
    const value = text(name)(raw);
    if (value instanceof Refused) return value;
    if (!/^\d{1,19}$/.test(value) || BigInt(value) > PG_BIGINT_MAX) {
      return new Refused(`"${name}" must be a notification seq this feed returned (an integer ≥ 0; got "${value}")`);
    }
    return BigInt(value).toString();
  };
}

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/**
 * The `asOf` query parameter of every read endpoint (SPEC §5): an ISO 8601 time with `Z` or an offset,
 * kept as given for `$n::timestamptz` (so microseconds survive). A time without offset is refused rather
 * than guessed: "as of midnight" in which zone changes the answer. An unencoded `+` in a query string
 * arrives as a space; that one case is read as the `+` it was. Year 0000 does not exist for PostgreSQL.
 */
export const asOfTime: Parser<string> = (raw) => {
  const value = text('asOf')(raw);
  if (value instanceof Refused) return value;
  const normalised = value.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  return isValidIsoWithOffset(normalised)
    ? normalised
    : new Refused(`"asOf" must be an ISO 8601 time with offset, e.g. 2021-03-01T00:00:00Z (got "${value}")`);
};

function isValidIsoWithOffset(text: string): boolean {
  const m = ISO_WITH_OFFSET.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  if (year < 1) return false;
  const daysInMonth = new Date(Date.UTC(2000 + (year % 400), month, 0)).getUTCDate(); // same leap rule, no 0–99 → 19xx surprise
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return false;
  if (m[8] !== 'Z' && (Number(m[10]) > 14 || Number(m[11]) > 59)) return false;
  return true;
}

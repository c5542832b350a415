import { fullFormats } from 'ajv-formats/dist/formats';

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DD` that names a day that exists (2021-02-30 does not; 2020-02-29 does). */
export function isCalendarDate(value: string): boolean {
  const m = CALENDAR_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

// ajv-formats alone also takes "+0100", "+01" and a space separator, which RFC 3339 §5.6 does not.
const RFC3339_SHAPE = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const ajvDateTime = fullFormats['date-time'] as { validate: (s: string) => boolean };

/**
 * RFC 3339 timestamp with `Z` or a numeric offset. Also requires that JavaScript's Date can read it:
 * a leap second (23:59:60) is valid RFC 3339 but would become an Invalid Date further down the pipeline.
 */
export function isRfc3339DateTime(value: string): boolean {
  return RFC3339_SHAPE.test(value) && ajvDateTime.validate(value) && !Number.isNaN(Date.parse(value));
}

// Subject ids are pseudonymous (SPEC §2); an email address is a direct identifier.
const EMAIL_LIKE = /[^\s@]+@[^\s@]+\.[^\s@]+/;

export function looksLikeEmail(value: string): boolean {
  return EMAIL_LIKE.test(value);
}

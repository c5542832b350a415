/** Calendar arithmetic on whole days since 1970-01-01 (UTC), so no time zone or clock is ever read. */
export type EpochDay = number;

const DAY_MS = 86_400_000;

export function parseCalendarDate(text: string): EpochDay {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const day = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS : NaN;
  if (!match || !Number.isInteger(day) || formatCalendarDate(day) !== text) {
    throw new Error(`not a calendar date (YYYY-MM-DD): "${text}"`);
  }
  return day;
}

export function formatCalendarDate(day: EpochDay): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Seconds since the epoch for a day and a time of day (which may run past midnight). */
export function secondsAt(day: EpochDay, hour: number, minute = 0, second = 0): number {
  return day * 86_400 + hour * 3600 + minute * 60 + second;
}

/** CloudEvents `time`: ISO 8601 UTC without milliseconds, like EDC exports. */
export function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

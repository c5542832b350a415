export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_COLOURS: Record<string, string> = { critical: '#a50e0e', high: '#b7410e', medium: '#8a6a00', low: '#2b6cb0' };
export const GRADE_COLOURS: Record<string, string> = { '1': '#74c476', '2': '#fdae6b', '3': '#e6550d', '4': '#a50f15', '5': '#252525' };

export function formatTime(iso: string | undefined | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date
        .toISOString()
        .replace('T', ' ')
        .replace(/:\d\d\.\d{3}Z$/, ' UTC');
}

/** "in 3 h 20 min" / "overdue by 2 d 4 h". */
export function countdown(dueBy: string, now: number): { text: string; overdue: boolean } {
  const ms = Date.parse(dueBy) - now;
  const overdue = ms < 0;
  let seconds = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(seconds / 86400);
  seconds -= days * 86400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  const secs = seconds - minutes * 60;
  const span = days > 0 ? `${days} d ${hours} h` : hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min ${secs} s`;
  return { text: overdue ? `overdue by ${span}` : `in ${span}`, overdue };
}

import { createHash } from 'node:crypto';

/**
 * UUID-shaped (version 5 layout) id from the event's origin and content. Re-running the same simulation
 * re-sends the same ids, so the monitor de-duplicates them; a run with other injections changes the content
 * of some events, and those get new ids instead of being silently taken for duplicates.
 */
export function deterministicEventId(...parts: Array<string | number>): string {
  const hex = createHash('sha1').update(parts.join('\u001f')).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

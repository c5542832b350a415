import { createHash } from 'node:crypto';
import { OutboxMessage } from './outbox-message';

/** Default transport limit: below the broker's default `message.max.bytes` (1 048 588) with room for headers. */
export const DEFAULT_MAX_MESSAGE_BYTES = 900_000;

/** Starts every truncation marker; a consumer can search for it. */
export const TRUNCATION_MARKER_START = '…[truncated by Vigil: ';

/** What replaces the cut-off end of a string: how long it was and where the whole text is kept. */
export function truncationMarker(originalCharacters: number, whereFull: string): string {
  return `${TRUNCATION_MARKER_START}${originalCharacters} characters; the full text is in ${whereFull}]`;
}

export class MessageCannotFitError extends Error {
  constructor(
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`message of ${bytes} bytes cannot be made to fit the transport limit of ${maxBytes} bytes by truncating its text`);
    this.name = 'MessageCannotFitError';
  }
}

/**
 * The serialised value of an outbox message, made to fit `maxBytes` (key + value) for the broker. The
 * outbox row, the event store and the dead_letters table keep everything; only what travels is cut:
 * - a dead letter whose base64 value is too large carries the first bytes of it, `valueTruncated: true`
 *   and the original size and sha256 (base64 is not text: it gets no marker inside);
 * - then, while still too large, the longest strings are cut and end with `truncationMarker(...)`.
 */
export function fitToTransportLimit(
  message: Pick<OutboxMessage, 'topicRole' | 'key' | 'value'>,
  maxBytes: number,
): { value: string; truncated: boolean } {
  const whole = JSON.stringify(message.value);
  const budget = maxBytes - (message.key === null ? 0 : Buffer.byteLength(message.key));
  if (Buffer.byteLength(whole) <= budget) return { value: whole, truncated: false };

  let value = JSON.parse(whole) as unknown;
  if (message.topicRole === 'deadLetter') value = shortenDeadLetterValue(value as Record<string, unknown>, budget);
  const fitted = truncateLongestStrings(value, budget, whereTheWholeTextIs(message));
  const serialised = JSON.stringify(fitted);
  if (Buffer.byteLength(serialised) > budget) throw new MessageCannotFitError(Buffer.byteLength(whole), maxBytes);
  return { value: serialised, truncated: true };
}

function whereTheWholeTextIs(message: Pick<OutboxMessage, 'topicRole' | 'value'>): string {
  const value = message.value as Record<string, unknown>;
  if (message.topicRole === 'deadLetter') {
    return `the dead_letters table (${String(value.topic)} partition ${String(value.partition)} offset ${String(value.offset)})`;
  }
  return `the event store, event ${String(value.id)}`;
}

/** Room left for the fields a shortened dead letter gains (`valueTruncated`, size, digest). */
const DEAD_LETTER_FIELDS_ROOM = 200;

function shortenDeadLetterValue(record: Record<string, unknown>, budget: number): Record<string, unknown> {
  const base64 = record.valueBase64;
  if (typeof base64 !== 'string') return record;
  const others = Buffer.byteLength(JSON.stringify({ ...record, valueBase64: '' }));
  const room = Math.max(0, budget - others - DEAD_LETTER_FIELDS_ROOM);
  if (base64.length <= room) return record;
  const original = Buffer.from(base64, 'base64');
  return {
    ...record,
    valueBase64: base64.slice(0, room - (room % 4)),
    valueTruncated: true,
    valueBytes: record.valueBytes ?? original.length,
    valueSha256: record.valueSha256 ?? createHash('sha256').update(original).digest('hex'),
  };
}

interface StringLeaf {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  text: string;
  bytes: number;
}

const OPAQUE_KEYS = new Set(['valueBase64']);

/**
 * Cuts the longest strings down to one common length, the longest that brings the whole under `budget`
 * (so a title and the term it repeats both keep their beginning), each ending with its marker.
 */
function truncateLongestStrings(value: unknown, budget: number, whereFull: string): unknown {
  const excess = Buffer.byteLength(JSON.stringify(value)) - budget;
  if (excess <= 0) return value;
  const leaves = stringLeaves(value).map((leaf) => {
    const marker = truncationMarker([...leaf.text].length, whereFull);
    return { ...leaf, marker, markerBytes: jsonBytes(marker) };
  });
  const saved = (cap: number) =>
    leaves.reduce((sum, leaf) => sum + (leaf.bytes > cap + leaf.markerBytes ? leaf.bytes - cap - leaf.markerBytes : 0), 0);
  // The largest cap that still saves enough (saved() only grows as the cap falls).
  let low = 0;
  let high = Math.max(0, ...leaves.map((leaf) => leaf.bytes));
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (saved(mid) >= excess) low = mid;
    else high = mid - 1;
  }
  for (const leaf of leaves) {
    if (leaf.bytes > low + leaf.markerBytes)
      (leaf.holder as Record<string | number, unknown>)[leaf.key] = prefixWithin(leaf.text, low) + leaf.marker;
  }
  return value;
}

function stringLeaves(value: unknown, out: StringLeaf[] = []): StringLeaf[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => visit(value, index, item, out));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) if (!OPAQUE_KEYS.has(key)) visit(value as Record<string, unknown>, key, item, out);
  }
  return out;
}

function visit(holder: StringLeaf['holder'], key: string | number, item: unknown, out: StringLeaf[]): void {
  if (typeof item === 'string') out.push({ holder, key, text: item, bytes: jsonBytes(item) });
  else stringLeaves(item, out);
}

/** UTF-8 bytes of the string's JSON encoding, quotes excluded. */
function jsonBytes(text: string): number {
  let bytes = 0;
  for (const char of text) bytes += charBytes(char);
  return bytes;
}

/** What JSON.stringify makes of one code point, in UTF-8 bytes. */
function charBytes(char: string): number {
  const cp = char.codePointAt(0) as number;
  if (cp === 0x22 || cp === 0x5c) return 2; // \" \\
  if (cp < 0x20) return [0x08, 0x09, 0x0a, 0x0c, 0x0d].includes(cp) ? 2 : 6; // \n or \u0001
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp >= 0xd800 && cp <= 0xdfff) return 6; // a lone surrogate is escaped
  return cp < 0x10000 ? 3 : 4;
}

/** The longest prefix (whole code points) whose JSON encoding takes at most `maxBytes` bytes. */
function prefixWithin(text: string, maxBytes: number): string {
  let used = 0;
  let end = 0;
  for (const char of text) {
    const cost = charBytes(char);
    if (used + cost > maxBytes) break;
    used += cost;
    end += char.length;
  }
  return text.slice(0, end);
}

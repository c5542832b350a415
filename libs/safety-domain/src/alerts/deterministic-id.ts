import { createHash } from 'node:crypto';

const VIGIL_NAMESPACE = 'vigil.safety-monitor';

/** A UUID-shaped id (version 5 layout, SHA-1) from a name: the same name gives the same id in every replay. */
export function deterministicUuid(name: string): string {
  const hash = createHash('sha1').update(`${VIGIL_NAMESPACE}:${name}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

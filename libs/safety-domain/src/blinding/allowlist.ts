/**
 * Sponsor views are built, never pruned (SPEC §5): a shape lists the fields a view may carry, and `project`
 * copies exactly those. A field nobody listed — a new evidence key, a DSMB-only detail — is absent by default.
 *
 * - `'value'`: a scalar (string, number, boolean, null) or a list of scalars; an object found there is dropped,
 *   so a field that grows structure cannot carry unreviewed keys through.
 * - a nested shape: an object, projected by that shape.
 * - `'numbers'`: a mapping of free names to numbers (assessments, vitals); other values are dropped.
 * - `[shape]`: a list of objects, each projected.
 */
export type Shape = { readonly [key: string]: Field };
export type Field = 'value' | 'numbers' | Shape | readonly [Shape];

/** Copies the fields `shape` lists; keys in `withheld` (a protocol's blinded fields) are never copied, at any depth. */
export function project(value: unknown, shape: Shape, withheld: ReadonlySet<string> = new Set()): Record<string, unknown> {
  if (!isRecord(value)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    if (withheld.has(key) || !Object.prototype.hasOwnProperty.call(value, key)) continue;
    const copied = copyField(value[key], field, withheld);
    if (copied !== undefined) out[key] = copied;
  }
  return out;
}

function copyField(value: unknown, field: Field, withheld: ReadonlySet<string>): unknown {
  if (value === undefined) return undefined;
  if (field === 'value') {
    if (isScalar(value)) return value;
    return Array.isArray(value) && value.every(isScalar) ? [...value] : undefined;
  }
  if (field === 'numbers') {
    if (!isRecord(value)) return undefined;
    return Object.fromEntries(Object.entries(value).filter(([key, v]) => typeof v === 'number' && !withheld.has(key)));
  }
  if (isList(field)) return Array.isArray(value) ? value.filter(isRecord).map((item) => project(item, field[0], withheld)) : undefined;
  return isRecord(value) ? project(value, field, withheld) : undefined;
}

function isList(field: Shape | readonly [Shape]): field is readonly [Shape] {
  return Array.isArray(field);
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `{ a: 'value', b: 'value' }` from a list of names. */
export function values(...names: string[]): Shape {
  return Object.fromEntries(names.map((name) => [name, 'value' as const]));
}

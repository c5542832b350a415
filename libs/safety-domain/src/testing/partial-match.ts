/**
 * Partial matching for scenario checks, without a test framework (this folder is built with the lib):
 * an object matches by the keys the expectation lists, an array element by element with the same length,
 * a RegExp tests a string, `undefined` means absent, a framework's asymmetric matcher decides for itself,
 * anything else must be equal. Returns what differs.
 */
export function mismatches(actual: unknown, expected: unknown, path = ''): string[] {
  const at = path || 'the value';
  if (isAsymmetricMatcher(expected)) {
    return expected.asymmetricMatch(actual) ? [] : [`${at}: expected ${describeValue(expected)}, got ${describeValue(actual)}`];
  }
  if (expected instanceof RegExp) {
    return typeof actual === 'string' && expected.test(actual)
      ? []
      : [`${at}: expected a string matching ${expected}, got ${describeValue(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected ${describeValue(expected)}, got ${describeValue(actual)}`];
    if (actual.length !== expected.length) return [`${at}: expected ${describeValue(expected)}, got ${describeValue(actual)}`];
    return expected.flatMap((e, i) => mismatches(actual[i], e, `${path}[${i}]`));
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return [`${at}: expected an object like ${describeValue(expected)}, got ${describeValue(actual)}`];
    return Object.entries(expected).flatMap(([key, e]) => mismatches(actual[key], e, path ? `${path}.${key}` : key));
  }
  return Object.is(actual, expected) ? [] : [`${at}: expected ${describeValue(expected)}, got ${describeValue(actual)}`];
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined (absent)';
  if (value instanceof RegExp) return String(value);
  if (isAsymmetricMatcher(value)) return value.toString();
  return JSON.stringify(value, (_key, v) => (v instanceof RegExp || isAsymmetricMatcher(v) ? String(v) : v === undefined ? '<absent>' : v));
}

/** A test framework's matcher (e.g. jest's `expect.arrayContaining`), recognised by shape: no framework import here. */
interface AsymmetricMatcher {
  asymmetricMatch(other: unknown): boolean;
}

function isAsymmetricMatcher(value: unknown): value is AsymmetricMatcher {
  return typeof value === 'object' && value !== null && typeof (value as Partial<AsymmetricMatcher>).asymmetricMatch === 'function';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp) && !isAsymmetricMatcher(value);
}

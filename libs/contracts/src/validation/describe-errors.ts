import type { ErrorObject } from 'ajv';

/** Whose errors these are: the CloudEvent envelope, or the event's `data`. */
export type ErrorScope = 'envelope' | 'data';

const MAX_SHOWN_CHARS = 60;

/** A value as a reader should see it in a reason: strings quoted and cut short, containers named. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    const quoted = JSON.stringify(value);
    return quoted.length > MAX_SHOWN_CHARS ? `${quoted.slice(0, MAX_SHOWN_CHARS - 1)}…"` : quoted;
  }
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

const TYPE_PHRASES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function typePhrase(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((t) => TYPE_PHRASES[t] ?? t).join(' or ');
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** JSON pointer `/labs/0/value` → `data.labs[0].value`; the envelope names attributes instead. */
function where(instancePath: string, scope: ErrorScope): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (scope === 'envelope' && segments.length > 0) return `CloudEvent attribute "${segments.join('.')}"`;
  let path = scope === 'envelope' ? 'CloudEvent' : 'data';
  for (const s of segments) path += /^\d+$/.test(s) ? `[${s}]` : IDENTIFIER.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
  return path;
}

const FORMAT_PHRASES: Record<string, string> = {
  date: 'a real calendar date YYYY-MM-DD',
  'date-time': 'an RFC 3339 timestamp with Z or an offset, e.g. "2020-09-17T15:04:05Z"',
};

function describeOne(e: ErrorObject, scope: ErrorScope): string | undefined {
  const at = where(e.instancePath, scope);
  const got = `(got ${showValue(e.data)})`;
  const p = e.params as Record<string, unknown>;
  if (e.propertyName !== undefined) {
    const hint =
      (e.parentSchema as { description?: string } | undefined)?.description ??
      (e.keyword === 'minLength' ? 'names must not be empty' : (e.message ?? 'not a valid name'));
    const owner = scope === 'envelope' ? 'CloudEvent attribute name' : `${at} field name`;
    return `${owner} ${JSON.stringify(e.propertyName)} is not allowed: ${hint}`;
  }
  switch (e.keyword) {
    case 'propertyNames':
      return undefined; // the error about the name itself (above) says what is wrong
    case 'required':
      return scope === 'envelope' && e.instancePath === ''
        ? `CloudEvent attribute "${p.missingProperty}" is missing`
        : `${at} is missing required field "${p.missingProperty}"`;
    case 'additionalProperties':
      return `${at} has unexpected field "${p.additionalProperty}"`;
    case 'type':
      return `${at} must be ${typePhrase(p.type)} ${got}`;
    case 'const':
      return `${at} must be ${JSON.stringify(p.allowedValue)} ${got}`;
    case 'enum':
      return `${at} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} ${got}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${at} must be ${p.comparison} ${p.limit} ${got}`;
    case 'minLength':
      return p.limit === 1 ? `${at} must not be empty` : `${at} must have at least ${p.limit} characters ${got}`;
    case 'format':
      return `${at} must be ${FORMAT_PHRASES[p.format as string] ?? `in format ${p.format}`} ${got}`;
    case 'pattern': {
      const hint = (e.parentSchema as { description?: string } | undefined)?.description;
      return `${at} must be ${hint ?? `match the pattern ${p.pattern}`} ${got}`;
    }
    case 'uniqueItems':
      return `${at} lists ${showValue((e.data as unknown[])[p.j as number])} more than once`;
    default:
      return `${at} ${e.message ?? 'is invalid'}`;
  }
}

/** Every Ajv error as one sentence a person can act on. Needs Ajv's `verbose` option. */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined, scope: ErrorScope): string[] {
  const out: string[] = [];
  for (const e of errors ?? []) {
    const sentence = describeOne(e, scope);
    if (sentence !== undefined) out.push(sentence);
  }
  return out;
}

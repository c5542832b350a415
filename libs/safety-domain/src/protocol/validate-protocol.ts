import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { BLINDED_TRIAL_FIELDS, OPEN_LABEL_BLINDED_FIELDS, PROTOCOL_DEFAULTS, Protocol } from './protocol';
import { semanticProblems } from './protocol-checks';
import { ProtocolPathSegment, ProtocolProblem, describeValue, formatPath, pointerToPath, suggestKey } from './protocol-paths';
import { PROTOCOL_SCHEMA } from './protocol-schema';

export type { ProtocolPathSegment } from './protocol-paths';

export type ProtocolValidation = { ok: true; protocol: Protocol } | { ok: false; errors: string[] };

export interface ValidateProtocolOptions {
  /** Line of a field in the source file, when the caller knows it (the YAML loader does). */
  locate?: (path: ProtocolPathSegment[]) => number | undefined;
}

let schemaValidator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  if (!schemaValidator) {
    const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strict: true });
    ajv.addVocabulary(['x-expect']);
    schemaValidator = ajv.compile(PROTOCOL_SCHEMA);
  }
  return schemaValidator;
}

/**
 * Structure by JSON Schema, then the checks a schema cannot express. Every message names the file, the
 * field path and what is wrong, e.g. `protocols/x.yaml: visits[3].windowAfterDays must be an integer >= 0 (got -2)`.
 */
export function validateProtocol(raw: unknown, fileName: string, options: ValidateProtocolOptions = {}): ProtocolValidation {
  const validate = compiled();
  const structural = validate(raw) ? [] : (validate.errors ?? []).map((error) => fromAjv(error, raw));
  const problems = [...structural, ...semanticProblems(raw)];
  if (problems.length === 0) return { ok: true, protocol: withDefaults(raw as Protocol) };

  const located = problems.map((problem) => ({ problem, line: options.locate?.(problem.path) }));
  if (options.locate) located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const errors = located.map(({ problem, line }) => {
    const where = problem.path.length > 0 ? `${formatPath(problem.path)} ` : '';
    return `${fileName}: ${where}${problem.message}${line ? ` (line ${line})` : ''}`;
  });
  return { ok: false, errors: [...new Set(errors)] };
}

function fromAjv(error: ErrorObject, root: unknown): ProtocolProblem {
  const path = pointerToPath(error.instancePath, root);
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const known = Object.keys((parent.properties as object | undefined) ?? {});
  switch (error.keyword) {
    case 'required':
      return { path: [...path, error.params.missingProperty as string], message: 'is required' };
    case 'additionalProperties': {
      const key = error.params.additionalProperty as string;
      const hint = suggestKey(key, known);
      return {
        path: [...path, key],
        message: `is not a known field${hint ? ` (did you mean ${hint}?)` : ` (known fields: ${known.join(', ')})`}`,
      };
    }
    case 'minItems':
      return { path, message: `must list at least ${error.params.limit as number} item${error.params.limit === 1 ? '' : 's'}` };
    case 'minProperties':
      return { path, message: `must set at least one of ${known.join(', ')}` };
    default: {
      if (path.length === 0 && error.keyword === 'type') {
        return { path, message: `the file must be a mapping of protocol fields (got ${describeValue(error.data)})` };
      }
      const expect = typeof parent['x-expect'] === 'string' ? parent['x-expect'] : error.message;
      return { path, message: `must be ${expect} (got ${describeValue(error.data)})` };
    }
  }
}

/** Copies the validated input so the caller's object is never mutated, and fills in SPEC §3 defaults. */
function withDefaults(input: Protocol): Protocol {
  const protocol = structuredClone(input);
  protocol.related = { causalityThreshold: protocol.related?.causalityThreshold ?? PROTOCOL_DEFAULTS.causalityThreshold };
  protocol.severe = { gradeThreshold: protocol.severe?.gradeThreshold ?? PROTOCOL_DEFAULTS.severeGradeThreshold };
  const blinded = protocol.blinding?.blinded ?? false;
  protocol.blinding = {
    blinded,
    fields: [...new Set(protocol.blinding?.fields ?? (blinded ? BLINDED_TRIAL_FIELDS : OPEN_LABEL_BLINDED_FIELDS))],
  };
  protocol.aesi = protocol.aesi.map((aesi) => (aesi.ptCodes ? { ...aesi, ptCodes: aesi.ptCodes.map(String) } : aesi));
  return protocol;
}

import { CAUSALITY_SCALE } from '@vigil/contracts';
import { BLINDABLE_FIELDS } from './protocol';

/**
 * Structural JSON Schema of a protocol file. `x-expect` is our own annotation: the phrase that completes
 * "<field> must be ..." in an error, so messages read like the README rather than like Ajv internals.
 */
type Schema = Record<string, unknown>;

const text = (expect = 'a non-empty string'): Schema => ({ type: 'string', minLength: 1, 'x-expect': expect });
const int = (min: number, max?: number): Schema => ({
  type: 'integer',
  minimum: min,
  ...(max === undefined ? {} : { maximum: max }),
  'x-expect': max === undefined ? `an integer >= ${min}` : `an integer from ${min} to ${max}`,
});
const num = (min: number, max: number): Schema => ({
  type: 'number',
  minimum: min,
  maximum: max,
  'x-expect': `a number from ${min} to ${max}`,
});
const bool: Schema = { type: 'boolean', 'x-expect': 'true or false' };
const list = (items: Schema, minItems = 0): Schema => ({ type: 'array', items, minItems, 'x-expect': 'a list' });
const mapping = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
  'x-expect': 'a mapping',
});

const grade = int(1, 5);
// YAML reads an unquoted 10002198 as a number: accept both, normalise to a string afterwards.
const ptCode: Schema = {
  type: ['string', 'integer'],
  pattern: '^[0-9]{8}$',
  minimum: 10000000,
  maximum: 99999999,
  'x-expect': 'an 8-digit MedDRA PT code',
};

export const PROTOCOL_SCHEMA: Schema = {
  ...mapping(
    {
      trialId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', 'x-expect': 'an id of letters, digits, ".", "_" or "-"' },
      title: text(),
      phase: text(),
      design: text(),
      targetEnrollment: int(1),
      treatment: mapping({ product: text(), route: text(), dose: text() }, ['product', 'route']),
      blinding: mapping(
        {
          blinded: bool,
          fields: list({ enum: [...BLINDABLE_FIELDS], 'x-expect': `one of ${BLINDABLE_FIELDS.join(', ')}` }, 1),
        },
        ['blinded'],
      ),
      related: mapping({
        causalityThreshold: { enum: [...CAUSALITY_SCALE], 'x-expect': `one of ${CAUSALITY_SCALE.join(', ')}` },
      }),
      severe: mapping({ gradeThreshold: grade }),
      visits: list(
        mapping(
          {
            code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', 'x-expect': 'an upper-case code such as DAY0 or M3' },
            studyDay: { type: 'integer', 'x-expect': 'an integer (days from treatment; negative before it)' },
            windowBeforeDays: int(0),
            windowAfterDays: int(0),
            labs: bool,
            description: text(),
          },
          ['code', 'studyDay', 'windowBeforeDays', 'windowAfterDays'],
        ),
        1,
      ),
      aesi: list(
        mapping(
          {
            id: text(),
            name: text(),
            ptCodes: list(ptCode, 1),
            termPatterns: list(text('a regular expression'), 1),
            withinDaysAfterTreatment: int(0),
          },
          ['id', 'name'],
        ),
      ),
      labs: mapping(
        {
          ctcaeVersion: { const: '5.0', 'x-expect': '"5.0" (quote it: a bare 5.0 in YAML is the number 5)' },
          alertAtGrade: grade,
          tests: {
            type: 'object',
            additionalProperties: mapping({ alertAtGrade: grade }, ['alertAtGrade']),
            'x-expect': 'a mapping of test code to { alertAtGrade }',
          },
        },
        ['ctcaeVersion', 'alertAtGrade'],
      ),
      vitals: mapping({ feverThresholdC: num(35, 42), systolicBpHigh: int(90, 250), heartRateHigh: int(60, 220) }, ['feverThresholdC']),
      stoppingRules: list(
        mapping(
          {
            id: text(),
            description: text(),
            threshold: int(1),
            match: {
              ...mapping({ minGrade: grade, related: bool, serious: bool, fatal: bool, aesi: bool }),
              minProperties: 1,
            },
          },
          ['id', 'description', 'threshold', 'match'],
        ),
      ),
      exampleChoices: list(text()),
      sources: list(text()),
    },
    ['trialId', 'title', 'treatment', 'visits', 'aesi', 'labs', 'vitals', 'stoppingRules', 'exampleChoices', 'sources'],
  ),
};

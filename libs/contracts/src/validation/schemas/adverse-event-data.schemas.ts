import { AE_OUTCOMES, CAUSALITY_SCALE, EXPECTEDNESS_VALUES, SERIOUSNESS_CRITERIA } from '../../input/adverse-events';
import { aeVersion, calendarDate, dataSchema, nonEmptyString } from './common';

const meddraCode = { type: 'string', pattern: '^[0-9]{8}$', description: 'an 8-digit MedDRA code' } as const;
const causality = { type: 'string', enum: CAUSALITY_SCALE } as const;

/** `adverse-event.reported` and `adverse-event.updated`: the whole current state of the AE. */
export const ADVERSE_EVENT_STATE_SCHEMA = dataSchema('adverse-event.state', {
  required: ['aeId', 'version', 'term', 'onsetDate', 'grade', 'serious', 'seriousCriteria', 'causality', 'expectedness', 'outcome'],
  properties: {
    aeId: nonEmptyString,
    version: aeVersion,
    term: nonEmptyString,
    meddra: {
      type: 'object',
      additionalProperties: false,
      properties: { ptCode: meddraCode, pt: nonEmptyString, socCode: meddraCode, soc: nonEmptyString },
    },
    onsetDate: calendarDate,
    endDate: { type: ['string', 'null'], format: 'date' },
    grade: { type: 'integer', minimum: 1, maximum: 5 },
    serious: { type: 'boolean' },
    seriousCriteria: { type: 'array', uniqueItems: true, items: { type: 'string', enum: SERIOUSNESS_CRITERIA } },
    causality,
    sponsorCausality: causality,
    expectedness: { type: 'string', enum: EXPECTEDNESS_VALUES },
    outcome: { type: 'string', enum: AE_OUTCOMES },
  },
} as const);

export const ADVERSE_EVENT_NULLIFIED_SCHEMA = dataSchema('adverse-event.nullified', {
  required: ['aeId', 'version', 'reason'],
  properties: { aeId: nonEmptyString, version: aeVersion, reason: nonEmptyString },
} as const);

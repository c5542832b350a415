import { calendarDate, dataSchema, nonEmptyString, optionalText } from './common';

export const SUBJECT_ENROLLED_SCHEMA = dataSchema('subject.enrolled', {
  required: ['siteId', 'enrolledOn'],
  properties: {
    siteId: nonEmptyString,
    enrolledOn: calendarDate,
    arm: nonEmptyString,
    sex: nonEmptyString,
    ageYears: { type: 'number', minimum: 0, maximum: 130 },
  },
} as const);

export const TREATMENT_ADMINISTERED_SCHEMA = dataSchema('treatment.administered', {
  required: ['administeredOn', 'product'],
  properties: {
    administeredOn: calendarDate,
    product: nonEmptyString,
    dose: optionalText,
    route: optionalText,
    sites: { type: 'array', items: nonEmptyString },
  },
} as const);

const namedNumbers = { type: 'object', propertyNames: nonEmptyString, additionalProperties: { type: 'number' } } as const;

const labResult = {
  type: 'object',
  additionalProperties: false,
  required: ['test', 'value'],
  properties: {
    test: nonEmptyString,
    value: { type: 'number' },
    unit: optionalText,
    lln: { type: 'number' },
    uln: { type: 'number' },
  },
} as const;

export const VISIT_COMPLETED_SCHEMA = dataSchema('visit.completed', {
  required: ['visitCode', 'visitDate'],
  properties: {
    visitCode: nonEmptyString,
    visitDate: calendarDate,
    assessments: namedNumbers,
    vitals: namedNumbers,
    labs: { type: 'array', items: labResult },
  },
} as const);

export const VISIT_MISSED_SCHEMA = dataSchema('visit.missed', {
  required: ['visitCode'],
  properties: { visitCode: nonEmptyString, reason: optionalText },
} as const);

export const SUBJECT_WITHDRAWN_SCHEMA = dataSchema('subject.withdrawn', {
  required: ['withdrawnOn'],
  properties: { withdrawnOn: calendarDate, reason: optionalText },
} as const);

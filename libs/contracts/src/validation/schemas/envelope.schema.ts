import { JSON_SCHEMA_DIALECT, SCHEMA_ID_BASE, nonEmptyString } from './common';

/**
 * CloudEvents 1.0 structured JSON mode, narrowed to what Vigil needs: `subject`, `time` and the `trialid`
 * extension are required, `data` must be a JSON object. Other extension attributes are allowed when their
 * names follow the CloudEvents rule (lower-case letters and digits), which also keeps fields such as
 * `patientName` out of the envelope.
 */
export const CLOUD_EVENT_ENVELOPE_SCHEMA = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_ID_BASE}cloud-event-envelope.json`,
  title: 'Vigil input CloudEvent envelope',
  type: 'object',
  required: ['specversion', 'id', 'source', 'type', 'subject', 'time', 'trialid', 'data'],
  properties: {
    specversion: { const: '1.0' },
    id: nonEmptyString,
    source: nonEmptyString,
    type: nonEmptyString,
    subject: nonEmptyString,
    time: { type: 'string', format: 'date-time' },
    trialid: nonEmptyString,
    datacontenttype: {
      type: 'string',
      pattern: '^application/json(; ?charset=(utf|UTF)-8)?$',
      description: '"application/json"',
    },
    dataschema: nonEmptyString,
    data: { type: 'object' },
  },
  propertyNames: {
    pattern: '^[a-z0-9]+$',
    description: 'lower-case letters and digits only (CloudEvents attribute naming)',
  },
  additionalProperties: { type: ['string', 'number', 'boolean'] },
} as const;

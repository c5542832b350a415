/** Building blocks shared by the input schemas. Plain JSON Schema; formats are registered in ../validators.ts. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
export const SCHEMA_ID_BASE = 'https://vigil.local/schemas/input/';

export const nonEmptyString = { type: 'string', minLength: 1 } as const;
export const optionalText = { type: 'string' } as const;

/** ISO 8601 calendar date that exists (the `date` format is registered with a real-day check). */
export const calendarDate = { type: 'string', format: 'date' } as const;

/** Positive integer: AE versions start at 1. */
export const aeVersion = { type: 'integer', minimum: 1 } as const;

/**
 * A `data` schema: an object that rejects unknown fields, because SPEC §2 accepts no direct identifiers
 * and an unlisted field (`name`, `dateOfBirth`, …) is exactly how one would slip in.
 */
export const dataSchema = <T extends object>(type: string, body: T) =>
  ({
    $schema: JSON_SCHEMA_DIALECT,
    $id: `${SCHEMA_ID_BASE}${type}.data.json`,
    type: 'object',
    additionalProperties: false,
    ...body,
  }) as const;

import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import { INPUT_EVENT_TYPES, InputEventType } from '../input/input-events';
import { isCalendarDate, isRfc3339DateTime } from './formats';
import { CLOUD_EVENT_ENVELOPE_SCHEMA, INPUT_DATA_SCHEMAS } from './schemas';

// Compiled once at module load: the parser is on the consumer's hot path.
// verbose: errors carry the offending value and parent schema, so reasons can say "(got …)".
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
ajv.addFormat('date-time', { type: 'string', validate: isRfc3339DateTime });

export const validateEnvelope: ValidateFunction = ajv.compile(CLOUD_EVENT_ENVELOPE_SCHEMA);

// Ajv caches by schema object, so report and follow-up share one compiled function.
export const DATA_VALIDATORS = Object.fromEntries(INPUT_EVENT_TYPES.map((type) => [type, ajv.compile(INPUT_DATA_SCHEMAS[type])])) as Record<
  InputEventType,
  ValidateFunction
>;

import { InputEventType } from '../../input/input-events';
import { ADVERSE_EVENT_NULLIFIED_SCHEMA, ADVERSE_EVENT_STATE_SCHEMA } from './adverse-event-data.schemas';
import {
  SUBJECT_ENROLLED_SCHEMA,
  SUBJECT_WITHDRAWN_SCHEMA,
  TREATMENT_ADMINISTERED_SCHEMA,
  VISIT_COMPLETED_SCHEMA,
  VISIT_MISSED_SCHEMA,
} from './visit-data.schemas';

export { CLOUD_EVENT_ENVELOPE_SCHEMA } from './envelope.schema';
export * from './adverse-event-data.schemas';
export * from './visit-data.schemas';

/** JSON Schema of `data` for each input type (SPEC §2). Report and follow-up share one schema. */
export const INPUT_DATA_SCHEMAS: Record<InputEventType, object> = {
  'subject.enrolled': SUBJECT_ENROLLED_SCHEMA,
  'treatment.administered': TREATMENT_ADMINISTERED_SCHEMA,
  'visit.completed': VISIT_COMPLETED_SCHEMA,
  'visit.missed': VISIT_MISSED_SCHEMA,
  'subject.withdrawn': SUBJECT_WITHDRAWN_SCHEMA,
  'adverse-event.reported': ADVERSE_EVENT_STATE_SCHEMA,
  'adverse-event.updated': ADVERSE_EVENT_STATE_SCHEMA,
  'adverse-event.nullified': ADVERSE_EVENT_NULLIFIED_SCHEMA,
};

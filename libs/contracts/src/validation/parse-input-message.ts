import { InputEvent, InputEventType, VISIT_EVENT_TYPES, ADVERSE_EVENT_TYPES } from '../input/input-events';
import { DeadLetterClass } from '../output/dead-letters';
import { DEFAULT_TOPICS } from '../topics';
import { crossFieldProblems } from './cross-field-rules';
import { describeErrors, showValue } from './describe-errors';
import { looksLikeEmail } from './formats';
import { DATA_VALIDATORS, validateEnvelope } from './validators';

export type InputTopicRole = 'visits' | 'adverseEvents';

export type ParseFailure = {
  ok: false;
  errorClass: DeadLetterClass;
  reason: string;
  eventId?: string;
  trialId?: string;
  subjectId?: string;
};
export type ParseResult = { ok: true; event: InputEvent } | ParseFailure;

export const INPUT_TYPES_BY_TOPIC: Record<InputTopicRole, readonly InputEventType[]> = {
  visits: VISIT_EVENT_TYPES,
  adverseEvents: ADVERSE_EVENT_TYPES,
};

const TOPIC_LABELS: Record<InputTopicRole, string> = {
  visits: `visits topic (${DEFAULT_TOPICS.visits} by default)`,
  adverseEvents: `adverse-events topic (${DEFAULT_TOPICS.adverseEvents} by default)`,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });
const PREVIEW_BYTES = 32;

/**
 * Turns a Kafka message value into a typed input event, or says which dead-letter class it belongs to and
 * why (SPEC §2 "Bad input"). Never throws. `conflict` is not decided here: it needs the event store.
 */
export function parseInputMessage(value: Buffer | null, topicRole: InputTopicRole): ParseResult {
  if (value === null || value.length === 0) return fail('not-json', 'message has no value');
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    return fail('not-json', `message is not valid UTF-8; value starts with ${preview(value)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail('not-json', `message is not JSON (${printable((e as Error).message)}); value starts with ${preview(value)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return fail('not-cloudevent', `message is ${jsonKind(parsed)}, not a CloudEvent object`);
  }
  const envelope = parsed as Record<string, unknown>;
  const ids = readIds(envelope);
  if (!validateEnvelope(envelope)) {
    return fail('not-cloudevent', describeErrors(validateEnvelope.errors, 'envelope').join('; '), ids);
  }
  const type = envelope.type as string;
  if (!INPUT_TYPES_BY_TOPIC[topicRole].includes(type as InputEventType)) {
    return fail('unknown-type', unknownTypeReason(type, topicRole), ids);
  }
  const problems: string[] = [];
  if (looksLikeEmail(envelope.subject as string)) {
    // The value itself is not echoed: the reason is shown to people who must not see identifiers.
    problems.push('CloudEvent attribute "subject" looks like an email address: send the pseudonymous subject id');
  }
  const data = envelope.data as Record<string, unknown>;
  const validateData = DATA_VALIDATORS[type as InputEventType];
  if (!validateData(data)) problems.push(...describeErrors(validateData.errors, 'data'));
  problems.push(...crossFieldProblems(type as InputEventType, data));
  if (problems.length > 0) return fail('schema', problems.join('; '), ids);
  return { ok: true, event: envelope as unknown as InputEvent };
}

type Ids = Pick<ParseFailure, 'eventId' | 'trialId' | 'subjectId'>;

function fail(errorClass: DeadLetterClass, reason: string, ids: Ids = {}): ParseFailure {
  return { ok: false, errorClass, reason, ...ids };
}

function readIds(envelope: Record<string, unknown>): Ids {
  const ids: Ids = {};
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const eventId = text(envelope.id);
  const trialId = text(envelope.trialid);
  const subjectId = text(envelope.subject);
  if (eventId) ids.eventId = eventId;
  if (trialId) ids.trialId = trialId;
  if (subjectId && !looksLikeEmail(subjectId)) ids.subjectId = subjectId;
  return ids;
}

function unknownTypeReason(type: string, topicRole: InputTopicRole): string {
  const home = (Object.keys(INPUT_TYPES_BY_TOPIC) as InputTopicRole[]).find((role) =>
    INPUT_TYPES_BY_TOPIC[role].includes(type as InputEventType),
  );
  if (home) {
    return `type "${type}" belongs on the ${TOPIC_LABELS[home]}, not the ${TOPIC_LABELS[topicRole]}; publish it there`;
  }
  return (
    `type ${showValue(type)} is not an input type of the ${TOPIC_LABELS[topicRole]}; ` +
    `accepted types: ${INPUT_TYPES_BY_TOPIC[topicRole].join(', ')}`
  );
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'a JSON array';
  if (value === null) return 'JSON null';
  return `a JSON ${typeof value} (${showValue(value)})`;
}

/** First bytes of a raw value between backticks: printable ASCII as is, anything else as \xNN. */
function preview(value: Buffer): string {
  let out = '';
  for (const byte of value.subarray(0, PREVIEW_BYTES)) {
    const plain = byte >= 0x20 && byte < 0x7f && byte !== 0x5c && byte !== 0x60;
    out += plain ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  const more = value.length > PREVIEW_BYTES ? '…' : '';
  return `\`${out}${more}\` (${value.length} bytes)`;
}

function printable(message: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point: they are shown escaped
  return message.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

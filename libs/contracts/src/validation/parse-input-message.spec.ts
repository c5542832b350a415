import { INPUT_EVENT_TYPES, InputEventType } from '../input/input-events';
import { SPEC_UTI_FOLLOW_UP } from '../examples/spec-examples';
import { describeConflict } from './describe-conflict';
import { InputTopicRole, ParseFailure, parseInputMessage } from './parse-input-message';
import { INPUT_DATA_SCHEMAS } from './schemas';

const TRIAL = 'NCT04410731';
const envelope = (type: string, data: unknown, extra: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: '5b0e8d5c-3c0a-4f0e-9d0e-2f4f6a1c9b11',
  source: 'edc://site/mayo-fl',
  type,
  subject: 'CK-001',
  time: '2020-09-17T15:04:05Z',
  datacontenttype: 'application/json',
  trialid: TRIAL,
  data,
  ...extra,
});
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

/** The UTI follow-up of SPEC §2. */
const uti = { ...SPEC_UTI_FOLLOW_UP };
const ae = (patch: Record<string, unknown>, type = 'adverse-event.updated') => bytes(envelope(type, { ...uti, ...patch }));

const VALID: Array<[InputEventType, InputTopicRole, unknown]> = [
  ['subject.enrolled', 'visits', { siteId: 'mayo-fl', enrolledOn: '2020-08-03', arm: 'CK-301', sex: 'F', ageYears: 47 }],
  [
    'treatment.administered',
    'visits',
    { administeredOn: '2020-08-10', product: 'CK-301 autologous disc cells', dose: '6e6 cells', route: 'intradiscal', sites: ['L4-L5'] },
  ],
  [
    'visit.completed',
    'visits',
    {
      visitCode: 'W12',
      visitDate: '2020-11-02',
      assessments: { vas: 6.1, odi: 42, promisPhysicalFunction: 32 },
      vitals: { temperatureC: 38.4, systolicBp: 128, heartRate: 77 },
      labs: [
        { test: 'ALT', value: 212, unit: 'U/L', lln: 7, uln: 40 },
        { test: 'CRP', value: 3.2 },
      ],
    },
  ],
  ['visit.missed', 'visits', { visitCode: 'W24', reason: 'travel' }],
  ['subject.withdrawn', 'visits', { withdrawnOn: '2021-03-01', reason: 'withdrew consent' }],
  ['adverse-event.reported', 'adverseEvents', { ...uti, version: 1, meddra: undefined }],
  ['adverse-event.updated', 'adverseEvents', { ...uti, endDate: '2021-02-20', outcome: 'recovered', sponsorCausality: 'unlikely' }],
  ['adverse-event.nullified', 'adverseEvents', { aeId: 'CK-001-AE-03', version: 3, reason: 'entered for the wrong subject' }],
];

describe('parseInputMessage: valid messages', () => {
  it.each(VALID)('accepts %s', (type, topic, data) => {
    const result = parseInputMessage(bytes(envelope(type, data)), topic);
    expect(result).toEqual({ ok: true, event: envelope(type, JSON.parse(JSON.stringify(data))) });
  });

  it('types the event by its `type`', () => {
    const result = parseInputMessage(ae({ grade: 3 }), 'adverseEvents');
    if (!result.ok || result.event.type !== 'adverse-event.updated') throw new Error('expected an AE update');
    expect(result.event.data.grade).toBe(3);
    expect(result.event.trialid).toBe(TRIAL);
  });

  it.each([
    ['a leap day', ae({ onsetDate: '2020-02-29' })],
    ['a numeric offset', bytes(envelope('visit.missed', { visitCode: 'W4' }, { time: '2020-09-17T17:04:05.123+02:00' }))],
    ['no datacontenttype', bytes({ ...envelope('visit.missed', { visitCode: 'W4' }), datacontenttype: undefined })],
    ['a CloudEvents extension attribute', bytes(envelope('visit.missed', { visitCode: 'W4' }, { traceparent: '00-ab-cd-01' }))],
    ['a fatal SAE marked serious by death', ae({ outcome: 'fatal', grade: 5, serious: true, seriousCriteria: ['death'] })],
    ['an end date on the onset date', ae({ endDate: '2021-02-03' })],
  ])('accepts %s', (_name, value) => {
    const topic = value.includes('visit.missed') ? 'visits' : 'adverseEvents';
    expect(parseInputMessage(value, topic)).toMatchObject({ ok: true });
  });
});

type Bad = [name: string, value: Buffer | null, topic: InputTopicRole, errorClass: string, fragments: string[]];
const visitMissed = (extra: Record<string, unknown>) => bytes(envelope('visit.missed', { visitCode: 'W4' }, extra));
const withoutAttr = (name: string) => {
  const e: Record<string, unknown> = envelope('visit.missed', { visitCode: 'W4' });
  delete e[name];
  return bytes(e);
};

const BAD: Bad[] = [
  ['no value', null, 'visits', 'not-json', ['message has no value']],
  ['an empty value', Buffer.alloc(0), 'visits', 'not-json', ['message has no value']],
  [
    'non-UTF-8 bytes',
    Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    'visits',
    'not-json',
    ['message is not valid UTF-8; value starts with `{"\\xff\\xfe"}` (6 bytes)'],
  ],
  [
    'text that is not JSON',
    Buffer.from('subject=CK-001'),
    'visits',
    'not-json',
    ['message is not JSON (', 'value starts with `subject=CK-001` (14 bytes)'],
  ],
  [
    'a JSON array',
    bytes([envelope('visit.missed', { visitCode: 'W4' })]),
    'visits',
    'not-cloudevent',
    ['message is a JSON array, not a CloudEvent object'],
  ],
  ['a JSON string', bytes('hello'), 'visits', 'not-cloudevent', ['message is a JSON string ("hello"), not a CloudEvent object']],
  [
    'specversion 0.3',
    visitMissed({ specversion: '0.3' }),
    'visits',
    'not-cloudevent',
    ['CloudEvent attribute "specversion" must be "1.0" (got "0.3")'],
  ],
  ['no trialid', withoutAttr('trialid'), 'visits', 'not-cloudevent', ['CloudEvent attribute "trialid" is missing']],
  ['no subject', withoutAttr('subject'), 'visits', 'not-cloudevent', ['CloudEvent attribute "subject" is missing']],
  ['no data', withoutAttr('data'), 'visits', 'not-cloudevent', ['CloudEvent attribute "data" is missing']],
  ['an empty id', visitMissed({ id: '' }), 'visits', 'not-cloudevent', ['CloudEvent attribute "id" must not be empty']],
  [
    'time without offset',
    visitMissed({ time: '2020-09-17T15:04:05' }),
    'visits',
    'not-cloudevent',
    ['CloudEvent attribute "time" must be an RFC 3339 timestamp with Z or an offset', '(got "2020-09-17T15:04:05")'],
  ],
  [
    'time with a +0200 offset',
    visitMissed({ time: '2020-09-17T15:04:05+0200' }),
    'visits',
    'not-cloudevent',
    ['CloudEvent attribute "time" must be an RFC 3339 timestamp'],
  ],
  [
    'an XML content type',
    visitMissed({ datacontenttype: 'application/xml' }),
    'visits',
    'not-cloudevent',
    ['CloudEvent attribute "datacontenttype" must be "application/json" (got "application/xml")'],
  ],
  [
    'data that is an array',
    visitMissed({ data: [] }),
    'visits',
    'not-cloudevent',
    ['CloudEvent attribute "data" must be an object (got an array)'],
  ],
  [
    'an identifying envelope attribute',
    visitMissed({ patientName: 'x' }),
    'visits',
    'not-cloudevent',
    ['CloudEvent attribute name "patientName" is not allowed: lower-case letters and digits only'],
  ],
  [
    'an unknown type',
    bytes(envelope('visit.scheduled', {})),
    'visits',
    'unknown-type',
    [
      'type "visit.scheduled" is not an input type of the visits topic (clinical.visits.v1 by default); ' +
        'accepted types: subject.enrolled, treatment.administered, visit.completed, visit.missed, subject.withdrawn',
    ],
  ],
  [
    'an AE on the visits topic',
    ae({}, 'adverse-event.reported'),
    'visits',
    'unknown-type',
    [
      'type "adverse-event.reported" belongs on the adverse-events topic (clinical.adverse-events.v1 by default), ' +
        'not the visits topic (clinical.visits.v1 by default)',
    ],
  ],
  ['a visit on the AE topic', visitMissed({}), 'adverseEvents', 'unknown-type', ['type "visit.missed" belongs on the visits topic']],
  ['grade 7', ae({ grade: 7 }), 'adverseEvents', 'schema', ['data.grade must be <= 5 (got 7)']],
  ['grade 2.5', ae({ grade: 2.5 }), 'adverseEvents', 'schema', ['data.grade must be an integer (got 2.5)']],
  ['version 0', ae({ version: 0 }), 'adverseEvents', 'schema', ['data.version must be >= 1 (got 0)']],
  ['a date of birth', ae({ dateOfBirth: '1973-04-02' }), 'adverseEvents', 'schema', ['data has unexpected field "dateOfBirth"']],
  [
    'a name at enrolment',
    bytes(envelope('subject.enrolled', { siteId: 'mayo-fl', enrolledOn: '2020-08-03', name: 'J. Doe' })),
    'visits',
    'schema',
    ['data has unexpected field "name"'],
  ],
  [
    '30 February',
    ae({ onsetDate: '2021-02-30' }),
    'adverseEvents',
    'schema',
    ['data.onsetDate must be a real calendar date YYYY-MM-DD (got "2021-02-30")'],
  ],
  [
    'a non-ISO visit date',
    bytes(envelope('visit.completed', { visitCode: 'W4', visitDate: '09/17/2020' })),
    'visits',
    'schema',
    ['data.visitDate must be a real calendar date YYYY-MM-DD (got "09/17/2020")'],
  ],
  [
    'serious without criteria',
    ae({ serious: true }),
    'adverseEvents',
    'schema',
    ['data.serious is true but data.seriousCriteria is empty'],
  ],
  [
    'criteria without serious',
    ae({ seriousCriteria: ['hospitalization'] }),
    'adverseEvents',
    'schema',
    ['data.serious is false but data.seriousCriteria lists "hospitalization"'],
  ],
  [
    'fatal not serious by death',
    ae({ outcome: 'fatal', serious: true, seriousCriteria: ['hospitalization'] }),
    'adverseEvents',
    'schema',
    ['data.outcome is "fatal" but data.seriousCriteria does not include "death"'],
  ],
  [
    'an end before the onset',
    ae({ endDate: '2021-01-30' }),
    'adverseEvents',
    'schema',
    ['data.endDate (2021-01-30) is before data.onsetDate (2021-02-03)'],
  ],
  [
    'a bad sponsorCausality',
    ae({ sponsorCausality: 'maybe' }),
    'adverseEvents',
    'schema',
    ['data.sponsorCausality must be one of "not-related", "unlikely", "possibly", "probably", "definitely" (got "maybe")'],
  ],
  [
    'a repeated criterion',
    ae({ serious: true, seriousCriteria: ['death', 'death'] }),
    'adverseEvents',
    'schema',
    ['data.seriousCriteria lists "death" more than once'],
  ],
  [
    'an unknown criterion',
    ae({ serious: true, seriousCriteria: ['prolonged-hospitalization'] }),
    'adverseEvents',
    'schema',
    ['data.seriousCriteria[0] must be one of "death", '],
  ],
  [
    'a short MedDRA code',
    ae({ meddra: { ptCode: '1004657' } }),
    'adverseEvents',
    'schema',
    ['data.meddra.ptCode must be an 8-digit MedDRA code (got "1004657")'],
  ],
  [
    'a lab without a test',
    bytes(envelope('visit.completed', { visitCode: 'W4', visitDate: '2020-09-01', labs: [{ test: '', value: '5' }] })),
    'visits',
    'schema',
    ['data.labs[0].test must not be empty', 'data.labs[0].value must be a number (got "5")'],
  ],
  [
    'a reversed reference range',
    bytes(envelope('visit.completed', { visitCode: 'W4', visitDate: '2020-09-01', labs: [{ test: 'ALT', value: 30, lln: 40, uln: 7 }] })),
    'visits',
    'schema',
    ['data.labs[0] ("ALT") has lln 40 above uln 7'],
  ],
  [
    'a text vital sign',
    bytes(envelope('visit.completed', { visitCode: 'W4', visitDate: '2020-09-01', vitals: { heartRate: '77' } })),
    'visits',
    'schema',
    ['data.vitals.heartRate must be a number (got "77")'],
  ],
  [
    'a nullification without reason',
    bytes(envelope('adverse-event.nullified', { aeId: 'CK-001-AE-03', version: 3 })),
    'adverseEvents',
    'schema',
    ['data is missing required field "reason"'],
  ],
];

describe('parseInputMessage: bad input', () => {
  it.each(BAD)('rejects %s', (_name, value, topic, errorClass, fragments) => {
    const result = parseInputMessage(value, topic) as ParseFailure;
    expect(result).toMatchObject({ ok: false, errorClass });
    for (const fragment of fragments) expect(result.reason).toContain(fragment);
  });

  it('reports every data error at once, joined by "; "', () => {
    const result = parseInputMessage(ae({ grade: 7, dateOfBirth: '1973-04-02', serious: true }), 'adverseEvents');
    expect(result).toEqual({
      ok: false,
      errorClass: 'schema',
      reason:
        'data has unexpected field "dateOfBirth"; data.grade must be <= 5 (got 7); ' +
        'data.serious is true but data.seriousCriteria is empty: list the ICH E2A criteria met, or set serious to false',
      eventId: '5b0e8d5c-3c0a-4f0e-9d0e-2f4f6a1c9b11',
      trialId: TRIAL,
      subjectId: 'CK-001',
    });
  });

  it('names the ids it could read even when the envelope is broken', () => {
    expect(parseInputMessage(withoutAttr('trialid'), 'visits')).toEqual({
      ok: false,
      errorClass: 'not-cloudevent',
      reason: 'CloudEvent attribute "trialid" is missing',
      eventId: '5b0e8d5c-3c0a-4f0e-9d0e-2f4f6a1c9b11',
      subjectId: 'CK-001',
    });
  });

  it('rejects an email address as subject without repeating it anywhere', () => {
    const result = parseInputMessage(visitMissed({ subject: 'jane.doe@example.org' }), 'visits') as ParseFailure;
    expect(result).toMatchObject({ errorClass: 'schema', trialId: TRIAL });
    expect(result.reason).toContain('CloudEvent attribute "subject" looks like an email address');
    expect(JSON.stringify(result)).not.toContain('jane.doe');
  });
});

describe('schemas', () => {
  it('has a data schema for every input type, each plain JSON that rejects unknown fields', () => {
    for (const type of INPUT_EVENT_TYPES) {
      const schema = INPUT_DATA_SCHEMAS[type] as { additionalProperties?: unknown };
      expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
      expect(schema.additionalProperties).toBe(false);
    }
  });
});

describe('describeConflict', () => {
  it('says what happened and which version to send', () => {
    expect(describeConflict('CK-001-AE-03', 2, TRIAL)).toBe(
      'AE CK-001-AE-03 version 2 of trial NCT04410731 was already received with different content; ' + 'send the follow-up as version 3',
    );
  });

  it('points past the highest version already received', () => {
    expect(describeConflict('CK-001-AE-03', 2, TRIAL, 4)).toMatch(/send the follow-up as version 5$/);
  });
});

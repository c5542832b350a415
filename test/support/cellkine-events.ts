import { randomUUID } from 'node:crypto';
import type { AdverseEventState } from '@vigil/contracts';

/**
 * Realistic input CloudEvents for CellKine (NCT04410731, Mayo Clinic): one bilateral intra-articular
 * injection of allogeneic bone-marrow MSCs into the L4-L5 facets, visits DAY0, DAY1, DAY3_5, WEEK2, M3 …
 * Every builder returns a fresh event id unless one is given; `time` defaults to a plausible EDC entry time.
 */
export const CELLKINE_TRIAL = 'NCT04410731';
export const CELLKINE_SOURCE = 'edc://site/mayo-fl';

export interface InputCloudEvent<TData = Record<string, unknown>> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  trialid: string;
  data: TData;
}

export interface EventOptions {
  id?: string;
  time?: string;
  trialId?: string;
  source?: string;
}

export function cloudEvent<TData>(type: string, subject: string, data: TData, options: EventOptions = {}): InputCloudEvent<TData> {
  return {
    specversion: '1.0',
    id: options.id ?? randomUUID(),
    source: options.source ?? CELLKINE_SOURCE,
    type,
    subject,
    time: options.time ?? '2021-01-11T16:20:00Z',
    datacontenttype: 'application/json',
    trialid: options.trialId ?? CELLKINE_TRIAL,
    data,
  };
}

/** The Kafka message an EDC would publish: key = subject id, value = the JSON CloudEvent. */
export function asMessage(event: InputCloudEvent<unknown>): { key: string; value: string } {
  return { key: event.subject, value: JSON.stringify(event) };
}

/** `YYYY-MM-DD` + `days`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A time on a calendar date (the EDC entry time), `HH:MM` in UTC. */
export function at(date: string, hhmm = '16:20'): string {
  return `${date}T${hhmm}:00Z`;
}

export const cellKine = {
  enrolled(subject: string, enrolledOn: string, options: EventOptions = {}) {
    return cloudEvent(
      'subject.enrolled',
      subject,
      { siteId: 'MAYO-FL', enrolledOn, arm: 'BM-MSC 2x10^7', sex: 'F', ageYears: 56 },
      { time: at(enrolledOn, '09:30'), ...options },
    );
  },

  treated(subject: string, administeredOn: string, options: EventOptions = {}) {
    return cloudEvent(
      'treatment.administered',
      subject,
      {
        administeredOn,
        product: 'Allogeneic bone-marrow-derived mesenchymal stromal cells',
        dose: '2 x 10 million cells',
        route: 'intra-articular',
        sites: ['L4-L5 facet, left', 'L4-L5 facet, right'],
      },
      { time: at(administeredOn, '14:05'), ...options },
    );
  },

  visitCompleted(subject: string, visitCode: string, visitDate: string, options: EventOptions = {}) {
    return cloudEvent(
      'visit.completed',
      subject,
      {
        visitCode,
        visitDate,
        assessments: { vas: 6.1, odi: 42, promisPhysicalFunction: 32 },
        vitals: { temperatureC: 36.8, systolicBp: 128, heartRate: 77 },
      },
      { time: at(visitDate), ...options },
    );
  },

  /** A non-serious, unrelated, expected grade 1 AE (the kind CellKine's first subject reported). */
  adverseEvent(subject: string, aeId: string, overrides: Partial<AdverseEventState> = {}, options: EventOptions = {}) {
    const data: AdverseEventState = {
      aeId,
      version: 1,
      term: 'Dull pain from waistline to buttocks',
      meddra: { ptCode: '10003988', pt: 'Back pain', socCode: '10028395', soc: 'Musculoskeletal and connective tissue disorders' },
      onsetDate: '2021-01-12',
      endDate: null,
      grade: 1,
      serious: false,
      seriousCriteria: [],
      causality: 'not-related',
      expectedness: 'expected',
      outcome: 'recovering',
      ...overrides,
    };
    return cloudEvent(data.version > 1 ? 'adverse-event.updated' : 'adverse-event.reported', subject, data, options);
  },

  /**
   * A serious AE (hospitalization) that meets no other alert reason under CellKine's protocol: grade 2
   * (below "severe"), causality `unlikely` (below "related"), not an AESI. Vigil must raise one
   * `adverse-event` alert, reasons [SERIOUS], severity high, due 24 h after the CloudEvent `time`.
   */
  seriousAdverseEvent(subject: string, aeId: string, options: EventOptions = {}) {
    return cellKine.adverseEvent(
      subject,
      aeId,
      {
        term: 'Atrial fibrillation',
        meddra: { ptCode: '10003658', pt: 'Atrial fibrillation', socCode: '10007541', soc: 'Cardiac disorders' },
        onsetDate: '2021-03-01',
        grade: 2,
        serious: true,
        seriousCriteria: ['hospitalization'],
        causality: 'unlikely',
        expectedness: 'unexpected',
        outcome: 'recovering',
      },
      { time: '2021-03-02T09:15:00Z', ...options },
    );
  },
};

import { InputEvent } from '@vigil/contracts';
import { evolveSubject, newSubjectState, Protocol, SubjectState, visitDeviation, visitWindow, addDays } from '@vigil/safety-domain';

/** How one treated subject stands at one scheduled visit; undefined: the visit is not expected of them. */
export type VisitStanding = 'inWindow' | 'outOfWindow' | 'missed' | 'overdue' | 'notYetDue';

export interface VisitComplianceRow extends Record<VisitStanding, number> {
  visitCode: string;
  nominalDay: number;
  earliestDay: number;
  latestDay: number;
  /** Treated subjects of whom the visit is expected: every standing below adds up to it. */
  expected: number;
}

export interface VisitCompliance {
  items: VisitComplianceRow[];
}

/**
 * One subject's standing at a scheduled visit, by the rules' own visit-deviation logic (`visitDeviation`:
 * study days from the first treatment, the window's last day, "now" from the clock). A subject not treated
 * yet has no study days, and one withdrawn on or before the window's last day without a record owes nothing:
 * neither is expected at that visit. Pure.
 */
export function visitStanding(subject: SubjectState, code: string, protocol: Protocol): VisitStanding | undefined {
  const definition = protocol.visits.find((v) => v.code === code);
  if (!definition || !subject.treatedOn) return undefined;
  const record = subject.visits[code];
  const deviation = visitDeviation(subject, code, protocol);
  if (record?.status === 'missed') return 'missed';
  if (record?.status === 'completed') return deviation?.reason === 'OUT_OF_WINDOW' ? 'outOfWindow' : 'inWindow';
  if (deviation?.reason === 'OVERDUE') return 'overdue';
  const lastDay = addDays(subject.treatedOn, visitWindow(definition).latestDay);
  if (subject.withdrawnOn && subject.withdrawnOn <= lastDay) return undefined;
  return 'notYetDue';
}

/** Per scheduled visit (schedule order), how many treated subjects stand where, with `now` as every subject's clock. */
export function visitCompliance(subjects: SubjectState[], protocol: Protocol | undefined, now: string | undefined): VisitCompliance {
  if (!protocol) return { items: [] };
  const clocked = subjects.map((s) => ({ ...s, now }));
  return {
    items: protocol.visits.map((definition) => {
      const row: VisitComplianceRow = {
        visitCode: definition.code,
        ...visitWindow(definition),
        expected: 0,
        inWindow: 0,
        outOfWindow: 0,
        missed: 0,
        overdue: 0,
        notYetDue: 0,
      };
      for (const subject of clocked) {
        const standing = visitStanding(subject, definition.code, protocol);
        if (!standing) continue;
        row.expected += 1;
        row[standing] += 1;
      }
      return row;
    }),
  };
}

/** The subjects' memory as the rules build it (`evolveSubject`), from their visit-topic events in store order. */
export function subjectsFrom(trialId: string, events: InputEvent[]): SubjectState[] {
  const subjects = new Map<string, SubjectState>();
  for (const event of events) {
    subjects.set(event.subject, evolveSubject(subjects.get(event.subject) ?? newSubjectState(trialId, event.subject), event));
  }
  return [...subjects.values()];
}

import { AdverseEventState, InputEvent, InputEventOf } from '@vigil/contracts';
import { loadProtocols } from '@vigil/platform';
import { Protocol } from '@vigil/safety-domain';
import { resolve } from 'node:path';
import { parseCalendarDate } from './calendar';

/** Helpers for the simulator's tests: the shipped protocols, and views of generated events. */
export const PROTOCOLS: Map<string, Protocol> = loadProtocols(resolve(__dirname, '../../../protocols'));
export const CELLKINE = PROTOCOLS.get('NCT04410731')!;
export const INTRADISCAL = PROTOCOLS.get('MSC-INTRADISCAL-33')!;
export const EPIDURAL = PROTOCOLS.get('MSC-EPIDURAL-IV-48')!;

export function ofType<T extends InputEvent['type']>(events: InputEvent[], type: T): Array<InputEventOf<T>> {
  return events.filter((e): e is InputEventOf<T> => e.type === type);
}

export function bySubject(events: InputEvent[]): Map<string, InputEvent[]> {
  const map = new Map<string, InputEvent[]>();
  for (const event of events) map.set(event.subject, [...(map.get(event.subject) ?? []), event]);
  return map;
}

/** Every version of every AE, grouped by aeId in publication order. */
export function aeHistories(events: InputEvent[]): Map<string, AdverseEventState[]> {
  const map = new Map<string, AdverseEventState[]>();
  for (const e of events) {
    if (e.type !== 'adverse-event.reported' && e.type !== 'adverse-event.updated') continue;
    map.set(e.data.aeId, [...(map.get(e.data.aeId) ?? []), e.data]);
  }
  return map;
}

/** The latest version of every AE. */
export function currentAes(events: InputEvent[]): AdverseEventState[] {
  return [...aeHistories(events).values()].map((versions) => versions[versions.length - 1]);
}

export function studyDay(events: InputEvent[], subject: string, date: string): number {
  const treatment = ofType(events, 'treatment.administered').find((e) => e.subject === subject)!;
  return parseCalendarDate(date) - parseCalendarDate(treatment.data.administeredOn);
}

export const isRelated = (ae: AdverseEventState) => ['possibly', 'probably', 'definitely'].includes(ae.causality);

import path from 'node:path';
import { InputEvent } from '@vigil/contracts';
import { loadProtocols } from '@vigil/platform';
import { Protocol } from '@vigil/safety-domain';
import { demoInjectionsFor, generateTrial } from '@vigil/simulation';

/**
 * Simulated cohorts for the benchmark: copy k of the three trial designs (with the demo's safety signals)
 * gets its own subjects, AE ids and event ids, so copies never de-duplicate one another and the store
 * grows as it would with more subjects.
 */
export class BenchCohorts {
  private readonly protocols: Protocol[];
  private next = 0;

  constructor(root: string) {
    this.protocols = [...loadProtocols(path.join(root, 'protocols')).values()];
  }

  /** The next `count` events (whole copies, cut to `count`), never handed out before. */
  take(count: number): InputEvent[] {
    const events: InputEvent[] = [];
    while (events.length < count) events.push(...this.copy(this.next++));
    return events.slice(0, count);
  }

  private copy(k: number): InputEvent[] {
    return this.protocols.flatMap((protocol) =>
      generateTrial(protocol, {
        subjects: protocol.targetEnrollment ?? 10,
        seed: 1000 + k,
        startDate: '2020-01-06',
        injections: demoInjectionsFor(protocol.trialId),
      }).map((e) => ({ ...e, id: `${e.id}-c${k}`, subject: `${e.subject}-c${k}`, data: renameAe(e.data, k) }) as InputEvent),
    );
  }
}

function renameAe(data: unknown, copy: number): unknown {
  const d = data as { aeId?: string };
  return d.aeId ? { ...d, aeId: `${d.aeId}-c${copy}` } : data;
}

export const isAe = (e: InputEvent): boolean => e.type.startsWith('adverse-event');

/** A serious AE for a subject of its own: its `alert.raised` notification is what latency probes wait for. */
export function probeEvent(runId: string, i: number, sentAt: number): InputEvent {
  return {
    specversion: '1.0',
    id: `${runId}-probe-${i}`,
    source: 'bench',
    type: 'adverse-event.reported',
    subject: `${runId}-S${i}`,
    time: new Date(sentAt).toISOString(),
    trialid: 'NCT04410731',
    data: {
      aeId: `${runId}-AE-${i}`,
      version: 1,
      term: 'Pneumonia',
      onsetDate: '2021-03-01',
      endDate: null,
      grade: 2,
      serious: true,
      seriousCriteria: ['hospitalization'],
      causality: 'unlikely',
      expectedness: 'expected',
      outcome: 'recovering',
    },
  } as InputEvent;
}

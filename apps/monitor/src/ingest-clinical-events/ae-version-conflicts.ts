import { describeConflict, InputEvent } from '@vigil/contracts';
import { readStreams, Sql } from '@vigil/event-store';
import { canonicalJson } from './canonical-json';
import { aeStreamId } from '@vigil/event-store';

const VERSIONED = new Set(['adverse-event.reported', 'adverse-event.updated']);

export type AeVersionVerdict = { kind: 'new' } | { kind: 'same-content' } | { kind: 'conflict'; reason: string };

/**
 * SPEC §2: a second, different message with the same aeId and version is a conflict. Knows what the
 * store holds and what this batch already accepted, so two conflicting messages in one batch are caught too.
 */
export class AeVersionConflicts {
  private constructor(private readonly known: Map<string, { eventId: string; content: string }>) {}

  static async load(sql: Sql, events: InputEvent[]): Promise<AeVersionConflicts> {
    const streams = [
      ...new Set(events.filter((e) => VERSIONED.has(e.type)).map((e) => aeStreamId(e.trialid, (e.data as { aeId: string }).aeId))),
    ];
    const known = new Map<string, { eventId: string; content: string }>();
    for (const stored of await readStreams(sql, streams)) {
      if (!VERSIONED.has(stored.type)) continue;
      const data = stored.data as { version: number };
      known.set(`${stored.streamId}#${data.version}`, { eventId: stored.eventId, content: canonicalJson(stored.data) });
    }
    return new AeVersionConflicts(known);
  }

  /** Judges one event and, when it is accepted, remembers it for the rest of the batch. */
  judge(event: InputEvent): AeVersionVerdict {
    if (event.type !== 'adverse-event.reported' && event.type !== 'adverse-event.updated') return { kind: 'new' };
    const key = `${aeStreamId(event.trialid, event.data.aeId)}#${event.data.version}`;
    const content = canonicalJson(event.data);
    const seen = this.known.get(key);
    if (!seen) {
      this.known.set(key, { eventId: event.id, content });
      return { kind: 'new' };
    }
    if (seen.eventId === event.id || seen.content === content) return { kind: 'same-content' };
    return { kind: 'conflict', reason: describeConflict(event.data.aeId, event.data.version, event.trialid) };
  }
}

import { InputEvent, StoredEventPosition } from '@vigil/contracts';
import { Sql, StoredEvent, STORED_EVENT_COLUMNS, toInputEvent } from '@vigil/event-store';
import { canonicalJson } from './canonical-json';

/**
 * What makes two messages with one CloudEvent id "the same event" (SPEC §2): the attributes that state
 * the fact — `type`, `source` (id is unique per source in CloudEvents), `subject`, `trialid`, `time`
 * (the verbatim string: a different spelling of the time is a different message, and a conflict a person
 * sees is safer than a difference silently dropped) — and `data`, compared as canonical JSON (key order
 * ignored, as jsonb reorders keys). Not compared: `specversion` (always 1.0), `datacontenttype`,
 * `dataschema` and other extension attributes (they describe the transport; no rule reads them) and the
 * Kafka coordinates (a re-sent event arrives at another offset).
 */
export const COMPARED_ATTRIBUTES = ['type', 'source', 'subject', 'trialid', 'time', 'data'] as const;

export type EventIdVerdict =
  | { kind: 'new' }
  | { kind: 'same-content' }
  /** `owner` is absent when the id belongs to an earlier message of the same batch (stored once the batch is). */
  | { kind: 'conflict'; eventId: string; owner?: StoredEventPosition; differs: string[] };

type Content = Record<(typeof COMPARED_ATTRIBUTES)[number], unknown>;

/**
 * The store's events with the ids of a batch (one query on `events_event_id_unique`), plus the events this
 * batch has accepted so far: judges whether a message's id is new, a redelivery, or a reused id.
 */
export class EventIdConflicts {
  private readonly accepted = new Map<string, Content>();

  private constructor(private readonly stored: Map<string, { position: StoredEventPosition; content: Content }>) {}

  static async load(sql: Sql, events: Pick<InputEvent, 'id'>[]): Promise<EventIdConflicts> {
    const ids = [...new Set(events.map((e) => e.id))];
    const rows: StoredEvent[] =
      ids.length === 0 ? [] : await sql.query(`select ${STORED_EVENT_COLUMNS} from events where event_id = any($1::text[])`, [ids]);
    const stored = new Map(
      rows.map((row) => [
        row.eventId,
        {
          position: {
            eventId: row.eventId,
            globalPosition: row.globalPosition,
            streamId: row.streamId,
            streamPosition: row.streamPosition,
          },
          content: contentOf(toInputEvent(row)),
        },
      ]),
    );
    return new EventIdConflicts(stored);
  }

  judge(event: InputEvent): EventIdVerdict {
    const content = contentOf(event);
    const stored = this.stored.get(event.id);
    const known = stored?.content ?? this.accepted.get(event.id);
    if (!known) return { kind: 'new' };
    const differs = differences(known, content);
    if (differs.length === 0) return { kind: 'same-content' };
    return { kind: 'conflict', eventId: event.id, owner: stored?.position, differs };
  }

  /** Remembers an event this batch will store, so a later message of the batch with its id is judged against it. */
  accept(event: InputEvent): void {
    if (!this.stored.has(event.id)) this.accepted.set(event.id, contentOf(event));
  }
}

function contentOf(event: Pick<InputEvent, (typeof COMPARED_ATTRIBUTES)[number]>): Content {
  return Object.fromEntries(COMPARED_ATTRIBUTES.map((name) => [name, event[name]])) as Content;
}

/** Names of what differs, `data.<field>` for data, so the dead letter says what changed. */
function differences(a: Content, b: Content): string[] {
  const differs: string[] = [];
  for (const name of COMPARED_ATTRIBUTES) {
    if (canonicalJson(a[name]) === canonicalJson(b[name])) continue;
    const [x, y] = [a[name], b[name]];
    if (name === 'data' && isObject(x) && isObject(y)) {
      const fields = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
      differs.push(...fields.filter((f) => canonicalJson(x[f]) !== canonicalJson(y[f])).map((f) => `data.${f}`));
    } else differs.push(name);
  }
  return differs;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

/** Where the events with these ids are stored (for conflicts with an event stored by the same batch). */
export async function storedPositions(sql: Sql, ids: string[]): Promise<Map<string, StoredEventPosition>> {
  if (ids.length === 0) return new Map();
  const rows: StoredEventPosition[] = await sql.query(
    `select event_id as "eventId", global_position::text as "globalPosition", stream_id as "streamId", stream_position as "streamPosition"
     from events where event_id = any($1::text[])`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.eventId, r]));
}

import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { AlertNotification } from '@vigil/contracts';
import { DataSource } from 'typeorm';

/** One notification of the feed: its place in commit order (resume after it) and the CloudEvent as on Kafka. */
export interface FeedItem {
  seq: string;
  event: AlertNotification;
}

export interface FeedPage {
  items: FeedItem[];
  /** The seq of the last item when more notifications follow it now; null at the end of the feed. */
  nextCursor: string | null;
  /** The highest seq of this trial's feed (under asOf): `after=lastSeq` later returns only what is new. */
  lastSeq: string;
}

/** A page of a trial's notification feed after seq `after` (exclusive, a decimal bigint), as of `asOf`. */
export class ReadNotificationsQuery extends Query<FeedPage> {
  constructor(
    readonly trialId: string,
    readonly after: string,
    readonly limit: number,
    readonly asOf?: string,
  ) {
    super();
  }
}

interface Row {
  seq: string | null;
  event: AlertNotification | null;
  last_seq: string;
}

/**
 * A page of the `notifications` read model in seq (= commit) order. One statement, so the page and
 * lastSeq come from the same snapshot. seq is a bigint: it travels as a decimal string.
 */
@QueryHandler(ReadNotificationsQuery)
export class ReadNotificationsHandler implements IQueryHandler<ReadNotificationsQuery> {
  constructor(private readonly db: DataSource) {}

  async execute(q: ReadNotificationsQuery): Promise<FeedPage> {
    const rows: Row[] = await this.db.query(
      `select n.seq::text as seq, n.cloud_event as event, m.last_seq
       from (select coalesce(max(seq), 0)::text as last_seq from notifications
             where trial_id = $1 and ($4::timestamptz is null or event_time <= $4::timestamptz)) m
       left join lateral (
         select seq, cloud_event from notifications
         where trial_id = $1 and seq > $2::bigint and ($4::timestamptz is null or event_time <= $4::timestamptz)
         order by seq limit $3
       ) n on true
       order by n.seq`,
      [q.trialId, q.after, q.limit + 1, q.asOf ?? null],
    );
    const items = rows.filter((r) => r.seq !== null).map((r) => ({ seq: r.seq!, event: r.event! }));
    const page = items.slice(0, q.limit);
    return {
      items: page,
      nextCursor: items.length > q.limit ? page[page.length - 1].seq : null,
      lastSeq: rows[0]?.last_seq ?? '0',
    };
  }
}

import { BeforeApplicationShutdown, Controller, Get, Headers, MessageEvent, Param, Query, Sse, SseSignal } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Observable, Subject, takeUntil } from 'rxjs';
import { DataSource } from 'typeorm';
import { MAX_FEED_LIMIT, parseFeedQuery, parseStreamQuery } from './feed-params';
import { followFeed } from './follow-feed';
import { FeedPage, readNotifications } from './read-notifications';

const SEQ = { type: 'string', pattern: '^[0-9]+$', example: '42' };
const AS_OF = { name: 'asOf', required: false, type: String, description: 'ISO 8601 time with offset: only notifications whose CloudEvent time is at or before it' };

/** The sponsor feed (SPEC §5): the notifications of `safety.notifications.v1`, from the read model, in commit order. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/trials/:trialId/notifications')
export class FollowNotificationsController implements BeforeApplicationShutdown {
  /** Open streams never end on their own: shutting down ends them, or the HTTP server would wait forever. */
  private readonly shuttingDown = new Subject<void>();

  constructor(private readonly dataSource: DataSource) {}

  beforeApplicationShutdown(): void {
    this.shuttingDown.next();
    this.shuttingDown.complete();
  }

  @Get()
  @ApiOperation({
    summary: 'The notification feed, oldest first, resumable by seq',
    description:
      'Each item is `{ seq, event }`: `event` is exactly the CloudEvent published on the notification topic (same `id`), ' +
      '`seq` its place in commit order. Read on with `after=<nextCursor>` while nextCursor is not null; later, ' +
      '`after=<lastSeq>` (or the last seq you received) returns only newer notifications. seq values are decimal strings.',
  })
  @ApiQuery({ name: 'after', required: false, type: String, description: 'Exclusive seq to start after (default 0: from the beginning)' })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: `Items per page, 1 to ${MAX_FEED_LIMIT} (default 100)` })
  @ApiQuery(AS_OF)
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['items', 'nextCursor', 'lastSeq'],
      properties: {
        items: { type: 'array', items: { type: 'object', required: ['seq', 'event'], properties: { seq: SEQ, event: { type: 'object', description: 'CloudEvent 1.0 (alert.raised, alert.escalated, …)' } } } },
        nextCursor: { ...SEQ, nullable: true, description: 'seq of the last item when more follow now; null at the end' },
        lastSeq: { ...SEQ, description: "highest seq of the trial's feed ('0' when empty)" },
      },
    },
  })
  feed(@Param('trialId') trialId: string, @Query() query: Record<string, unknown>): Promise<FeedPage> {
    return readNotifications(this.dataSource, trialId, parseFeedQuery(query));
  }

  @Sse('stream')
  @ApiOperation({
    summary: 'The notification feed as Server-Sent Events',
    description:
      'Sends every notification after the resume point, then each new one as it commits: `id` = seq, `event` = the ' +
      'CloudEvent type, `data` = the CloudEvent. Resumes after the `Last-Event-ID` header (an EventSource sends it ' +
      'when it reconnects), else after `?after=`. A `: heartbeat` comment every 15 s keeps idle connections open.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream: `id: <seq>`, `event: <CloudEvent type>`, `data: <CloudEvent JSON>`; comments `: connected`, `: heartbeat`' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id (seq) of the last event received; wins over ?after=' })
  @ApiQuery({ name: 'after', required: false, type: String, description: 'Exclusive seq to start after when there is no Last-Event-ID (default 0)' })
  @ApiQuery(AS_OF)
  stream(
    @Param('trialId') trialId: string,
    @Query() query: Record<string, unknown>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @SseSignal() signal: AbortSignal,
  ): Observable<MessageEvent> {
    const start = parseStreamQuery(query, lastEventId);
    const read = (after: string) => readNotifications(this.dataSource, trialId, { after, limit: MAX_FEED_LIMIT, asOf: start.asOf });
    return followFeed(read, start.after, undefined, signal).pipe(takeUntil(this.shuttingDown));
  }
}

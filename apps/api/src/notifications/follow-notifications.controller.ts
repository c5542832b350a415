import { BeforeApplicationShutdown, Controller, Get, MessageEvent, Param, Query, Sse, SseSignal } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Observable, Subject, takeUntil } from 'rxjs';
import { TrialApi } from '../http/api-problems.decorator';
import { TrialPath } from '../http/common.dto';
import { RequestValidationPipe } from '../http/request-validation.pipe';
import { followFeed } from './follow-feed';
import { DEFAULT_FEED_LIMIT, FeedPageDto, FeedParams, MAX_FEED_LIMIT, Resume, ResumeHeader, StreamParams } from './notifications.dto';
import { FeedPage, ReadNotificationsQuery } from './read-notifications.query';
import { SponsorView } from '../blinding/sponsor-view';
import { CachedRead } from '../read-cache/cached-read.decorator';
import { sponsorFeedView, sponsorStreamView } from './sponsor-feed';

/** The sponsor feed (SPEC §5): the notifications of `safety.notifications.v1`, from the read model, in commit order. */
@ApiTags('notifications')
@TrialApi()
@Controller('api/trials/:trialId/notifications')
export class FollowNotificationsController implements BeforeApplicationShutdown {
  /** Open streams never end on their own: shutting down ends them, or the HTTP server would wait forever. */
  private readonly shuttingDown = new Subject<void>();

  constructor(private readonly queries: QueryBus) {}

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
      '`after=<lastSeq>` (or the last seq you received) returns only newer notifications. seq values are decimal strings. ' +
      'With `asOf`, only notifications whose CloudEvent time is at or before it.',
  })
  @ApiOkResponse({ type: FeedPageDto })
  @SponsorView(sponsorFeedView)
  @CachedRead()
  feed(@Param() { trialId }: TrialPath, @Query() { after = '0', limit = DEFAULT_FEED_LIMIT, asOf }: FeedParams): Promise<FeedPage> {
    return this.queries.execute(new ReadNotificationsQuery(trialId, after, limit, asOf));
  }

  /**
   * Where a stream resumes: the `Last-Event-ID` header wins over `?after=`, because an EventSource that
   * reconnects sends the header but repeats the URL it was first given, whose `after` is older.
   */
  @Sse('stream')
  @ApiOperation({
    summary: 'The notification feed as Server-Sent Events',
    description:
      'Sends every notification after the resume point, then each new one as it commits: `id` = seq, `event` = the ' +
      'CloudEvent type, `data` = the CloudEvent. Resumes after the `Last-Event-ID` header (an EventSource sends it ' +
      'when it reconnects), else after `?after=`. A `: heartbeat` comment every 15 s keeps idle connections open.',
  })
  @ApiProduces('text/event-stream')
  @SponsorView(sponsorStreamView)
  @ApiOkResponse({
    description:
      'An event stream: `id: <seq>`, `event: <CloudEvent type>`, `data: <CloudEvent JSON>`; comments `: connected`, `: heartbeat`',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    schema: { type: 'string', pattern: '^[0-9]+$' },
    description: 'The id (seq) of the last event received; wins over ?after=',
  })
  stream(
    @Param() { trialId }: TrialPath,
    @Query() { after, asOf }: StreamParams,
    @Resume(undefined, new RequestValidationPipe('header')) resume: ResumeHeader,
    @SseSignal() signal: AbortSignal,
  ): Observable<MessageEvent> {
    const read = (from: string) => this.queries.execute(new ReadNotificationsQuery(trialId, from, MAX_FEED_LIMIT, asOf));
    return followFeed(read, resume['Last-Event-ID'] ?? after ?? '0', undefined, signal).pipe(takeUntil(this.shuttingDown));
  }
}

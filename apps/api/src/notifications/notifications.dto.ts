import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALERT_CHANGE_TYPES, AlertChangeType } from '@vigil/contracts';
import { AlertDto } from '../alerts/alert.dto';
import { AsOfQuery } from '../http/common.dto';
import { integer, seq } from '../http/parameters';
import { Parsed } from '../http/parsed.decorator';

export const DEFAULT_FEED_LIMIT = 100;
export const MAX_FEED_LIMIT = 1000;

const SEQ = { type: String, pattern: '^[0-9]+$', example: '42' };

export class StreamParams extends AsOfQuery {
  @ApiPropertyOptional({
    ...SEQ,
    description: 'Exclusive seq to start after (default 0: from the beginning); for the stream, only without Last-Event-ID',
  })
  @Parsed(seq('after'))
  after?: string;
}

export class FeedParams extends StreamParams {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_FEED_LIMIT, default: DEFAULT_FEED_LIMIT, description: 'Items per page' })
  @Parsed(integer('limit', 1, MAX_FEED_LIMIT))
  limit?: number;
}

/** The `Last-Event-ID` header an EventSource sends when it reconnects (validated with `RequestValidationPipe('header')`). */
export class ResumeHeader {
  @Parsed(seq('Last-Event-ID'))
  'Last-Event-ID'?: string;
}

export const Resume = createParamDecorator((_: unknown, context: ExecutionContext): Partial<ResumeHeader> => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['last-event-id'];
  const given = typeof value === 'string' ? value.trim() : value;
  return given === '' || given === undefined ? {} : { 'Last-Event-ID': given as string };
});

export class NotificationEventDto {
  @ApiProperty({ enum: ['1.0'] }) specversion: '1.0';
  @ApiProperty({ description: 'Deterministic per alert change: the same as on the Kafka topic' }) id: string;
  @ApiProperty() source: string;
  @ApiProperty({ enum: ALERT_CHANGE_TYPES }) type: AlertChangeType;
  @ApiPropertyOptional() subject?: string;
  @ApiProperty({ format: 'date-time' }) time: string;
  @ApiPropertyOptional() datacontenttype?: string;
  @ApiProperty() trialid: string;
  @ApiProperty({ type: AlertDto, description: 'The alert as the sponsor may see it' }) data: AlertDto;
}

export class FeedItemDto {
  @ApiProperty({ ...SEQ, description: 'Place in commit order' }) seq: string;
  @ApiProperty({ type: NotificationEventDto, description: 'CloudEvent 1.0, exactly as published on safety.notifications.v1' })
  event: NotificationEventDto;
}

export class FeedPageDto {
  @ApiProperty({ type: [FeedItemDto] }) items: FeedItemDto[];
  @ApiProperty({ ...SEQ, nullable: true, description: 'seq of the last item when more follow now; null at the end' }) nextCursor:
    string | null;
  @ApiProperty({ ...SEQ, description: "highest seq of the trial's feed ('0' when empty)" }) lastSeq: string;
}

import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SubjectTimelineController } from './subject-timeline.controller';
import { SubjectTimelineHandler } from './subject-timeline.query';

/** Reads of the subject read models (`timeline_entries`, with the subject's alerts): one subject's timeline. */
@Module({
  imports: [CqrsModule],
  controllers: [SubjectTimelineController],
  providers: [SubjectTimelineHandler],
})
export class SubjectTimelineModule {}

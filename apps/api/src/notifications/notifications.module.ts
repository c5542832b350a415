import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { FollowNotificationsController } from './follow-notifications.controller';
import { ReadNotificationsHandler } from './read-notifications.query';

/** Reads of the `notifications` read model: the sponsor feed, paged or as Server-Sent Events. */
@Module({
  imports: [CqrsModule],
  controllers: [FollowNotificationsController],
  providers: [ReadNotificationsHandler],
})
export class NotificationsModule {}

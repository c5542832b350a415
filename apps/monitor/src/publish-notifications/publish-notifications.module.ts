import { Module } from '@nestjs/common';
import { WakeupsModule } from '../wakeups.module';
import { OutboxRelayService } from './outbox-relay.service';

/** Outbox → notification and dead-letter topics; woken by PostgreSQL NOTIFY when a commit enqueues. */
@Module({
  imports: [WakeupsModule],
  providers: [OutboxRelayService],
})
export class PublishNotificationsModule {}

import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { BatchIngested } from '../ingest-clinical-events/batch-ingested.event';
import { MonitorMetrics } from './monitor-metrics';

/** Counters for the status row: a lost update only makes a figure on /metrics lag, never loses an event. */
@EventsHandler(BatchIngested)
export class CountIngestedMessages implements IEventHandler<BatchIngested> {
  constructor(private readonly metrics: MonitorMetrics) {}

  handle({ topic, result }: BatchIngested): void {
    this.metrics.recordIngest(topic, result);
  }
}

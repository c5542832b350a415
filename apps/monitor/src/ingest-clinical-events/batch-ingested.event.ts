import { IngestResult } from './ingest-batch';

/**
 * In-process news that a chunk is durable, for reactions that may be lost (counters, logs). Published on
 * the EventBus, which neither awaits its handlers nor passes their errors on: nothing safety-critical here.
 */
export class BatchIngested {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly result: IngestResult,
  ) {}
}

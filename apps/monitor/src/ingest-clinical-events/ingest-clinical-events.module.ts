import { Module } from '@nestjs/common';
import { IngestClinicalEventsService } from './ingest-clinical-events.service';
import { RecordIngestedBatchHandler } from './record-ingested-batch.handler';
import { WarnOfDeadLetters } from './warn-of-dead-letters.handler';

/** EDC topics → event store: the Kafka consumer dispatches RecordIngestedBatch for every chunk. */
@Module({
  providers: [IngestClinicalEventsService, RecordIngestedBatchHandler, WarnOfDeadLetters],
  exports: [IngestClinicalEventsService],
})
export class IngestClinicalEventsModule {}

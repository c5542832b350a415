import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LabPeaksController } from './lab-peaks.controller';
import { LabPeaksHandler } from './lab-peaks.query';

/** eDISH: peak liver labs per subject from `timeline_entries` (bodies in `events`) and the hys-law alerts. */
@Module({
  imports: [CqrsModule],
  controllers: [LabPeaksController],
  providers: [LabPeaksHandler],
})
export class LabPeaksModule {}

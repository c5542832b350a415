import { Global, Module } from '@nestjs/common';
import { TrialProtocols } from './trial-protocols';

/** The loaded protocols, for the query handlers that answer from a trial's schedule or rules. */
@Global()
@Module({ providers: [TrialProtocols], exports: [TrialProtocols] })
export class ProtocolsModule {}

import { Global, Module } from '@nestjs/common';
import { TrialBlinding } from './trial-blinding';

/** The trials' protocol-declared blinded fields, for the BlindingInterceptor and the routes that render CSV. */
@Global()
@Module({ providers: [TrialBlinding], exports: [TrialBlinding] })
export class BlindingModule {}

import { Inject, Injectable } from '@nestjs/common';
import { loadProtocols, VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { Protocol } from '@vigil/safety-domain';

/** Each trial's protocol as the monitor loads it (schedule, stopping rules, AE settings), read once at start-up. */
@Injectable()
export class TrialProtocols {
  private readonly protocols: Map<string, Protocol>;

  constructor(@Inject(VIGIL_CONFIG) config: VigilConfig) {
    this.protocols = loadProtocols(config.protocolsDir);
  }

  /** Undefined: the trial has no loaded protocol (no schedule, no stopping rules). */
  readonly protocolOf = (trialId: string): Protocol | undefined => this.protocols.get(trialId);
}

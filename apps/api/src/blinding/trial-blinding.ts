import { Inject, Injectable } from '@nestjs/common';
import { loadProtocols, VIGIL_CONFIG, VigilConfig } from '@vigil/platform';
import { blindedFieldsOf, Protocol } from '@vigil/safety-domain';

/** Each trial's blinded fields from its protocol file, read once at start-up (unknown trial: every blindable field). */
@Injectable()
export class TrialBlinding {
  private readonly protocols: Map<string, Protocol>;

  constructor(@Inject(VIGIL_CONFIG) config: VigilConfig) {
    this.protocols = loadProtocols(config.protocolsDir);
  }

  readonly blindedFieldsOf = (trialId: string): ReadonlySet<string> => blindedFieldsOf(this.protocols.get(trialId));
}

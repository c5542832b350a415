import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Alert } from '@vigil/contracts';
import { DataSource } from 'typeorm';
import { Principal } from '@vigil/auth';
import { actOnAlert } from './act-on-alert';

/** A person has seen an open alert (SPEC §4 lifecycle: open → acknowledged), with why. */
export class AcknowledgeAlertCommand extends Command<Alert> {
  constructor(
    readonly trialId: string,
    readonly alertId: string,
    readonly by: Principal,
    readonly comment: string,
  ) {
    super();
  }
}

@CommandHandler(AcknowledgeAlertCommand)
export class AcknowledgeAlertHandler implements ICommandHandler<AcknowledgeAlertCommand> {
  constructor(private readonly db: DataSource) {}

  execute({ trialId, alertId, by, comment }: AcknowledgeAlertCommand): Promise<Alert> {
    return actOnAlert(this.db, trialId, alertId, { type: 'acknowledge', by: by.sub, role: by.role, comment, at: new Date().toISOString() });
  }
}

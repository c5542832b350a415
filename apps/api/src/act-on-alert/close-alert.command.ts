import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Alert } from '@vigil/contracts';
import { DataSource } from 'typeorm';
import { Principal } from '@vigil/auth';
import { actOnAlert } from './act-on-alert';

/** A person closes an open or acknowledged alert (SPEC §4 lifecycle: → closed), with why. */
export class CloseAlertCommand extends Command<Alert> {
  constructor(
    readonly trialId: string,
    readonly alertId: string,
    readonly by: Principal,
    readonly comment: string,
  ) {
    super();
  }
}

@CommandHandler(CloseAlertCommand)
export class CloseAlertHandler implements ICommandHandler<CloseAlertCommand> {
  constructor(private readonly db: DataSource) {}

  execute({ trialId, alertId, by, comment }: CloseAlertCommand): Promise<Alert> {
    return actOnAlert(this.db, trialId, alertId, { type: 'close', by: by.sub, role: by.role, comment, at: new Date().toISOString() });
  }
}

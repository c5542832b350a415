import { CloudEvent } from '../cloud-event';
import { Alert, AlertChangeType } from './alerts';

/** A message on `safety.notifications.v1` (SPEC §5): key = trial id, `data` = the sponsor-visible alert. */
export type AlertNotification = CloudEvent<AlertChangeType, Alert> & { trialid: string };

export const NOTIFICATION_SOURCE = 'vigil://monitor';

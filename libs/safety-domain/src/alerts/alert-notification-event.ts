import { Alert, AlertNotification, NOTIFICATION_SOURCE } from '@vigil/contracts';
import { sponsorAlert } from '../blinding/sponsor-alert';

/**
 * The CloudEvent sponsors receive for one alert change (Kafka and the HTTP feed alike): its id is the
 * change's deterministic event id, its data the alert after the change as a sponsor may see it.
 */
export function alertNotificationEvent(changeEventId: string, change: AlertNotification['type'], alert: Alert): AlertNotification {
  return {
    specversion: '1.0',
    id: changeEventId,
    source: NOTIFICATION_SOURCE,
    type: change,
    subject: alert.alertId,
    time: alert.updatedAt,
    datacontenttype: 'application/json',
    trialid: alert.trialId,
    data: sponsorAlert(alert),
  };
}

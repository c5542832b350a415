import { Alert, AlertNotification, NOTIFICATION_SOURCE } from '@vigil/contracts';
import { OutboxMessage } from './outbox-message';
import { sponsorVisibleAlert } from '@vigil/safety-domain';

/** The CloudEvent sponsors receive for one alert change; its id is the change's deterministic event id. */
export function alertNotification(changeEventId: string, change: AlertNotification['type'], alert: Alert): OutboxMessage {
  const value: AlertNotification = {
    specversion: '1.0',
    id: changeEventId,
    source: NOTIFICATION_SOURCE,
    type: change,
    subject: alert.alertId,
    time: alert.updatedAt,
    datacontenttype: 'application/json',
    trialid: alert.trialId,
    data: sponsorVisibleAlert(alert),
  };
  return { topicRole: 'notifications', key: alert.trialId, messageId: changeEventId, value };
}

import { Alert, AlertNotification } from '@vigil/contracts';
import { alertNotificationEvent } from '@vigil/safety-domain';
import { OutboxMessage } from './outbox-message';

/** The outbox message that puts one alert change's notification on the notification topic (key: trial id). */
export function alertNotification(changeEventId: string, change: AlertNotification['type'], alert: Alert): OutboxMessage {
  return {
    topicRole: 'notifications',
    key: alert.trialId,
    messageId: changeEventId,
    value: alertNotificationEvent(changeEventId, change, alert),
  };
}

import { ConflictException, NotFoundException } from '@nestjs/common';
import { Alert } from '@vigil/contracts';
import { ConcurrencyError, readStreams } from '@vigil/event-store';
import { alertNotification } from '@vigil/messaging';
import { AlertEvent, alertStreamId, decideHumanAction, evolveAlert, HumanAction } from '@vigil/safety-domain';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { appendAlertAction } from './append-alert-action.sql';

/**
 * A person acknowledges or closes an alert: decided on the alert's own event stream, appended at the
 * version it was decided on (a concurrent rule change makes us decide again), announced through the outbox —
 * both by `vigil_append_alert_action`, the one write the API's database role may make.
 */
export async function actOnAlert(dataSource: DataSource, trialId: string, alertId: string, action: HumanAction): Promise<Alert> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(async (tx) => {
        const streamId = alertStreamId(alertId);
        let alert: Alert | undefined;
        for (const stored of await readStreams(tx, [streamId])) {
          alert = evolveAlert(alert, stored as unknown as AlertEvent, stored.streamPosition);
        }
        if (!alert || alert.trialId !== trialId) throw new NotFoundException(`trial ${trialId} has no alert ${alertId}`);
        const decision = decideHumanAction(alert, action);
        if (!decision.ok) throw new ConflictException(decision.reason);
        const eventId = randomUUID();
        const event = { type: decision.event.type, data: decision.event.data } as AlertEvent;
        const updated = evolveAlert(alert, event, alert.version + 1);
        await appendAlertAction(
          tx,
          alert.version,
          {
            eventId,
            streamId,
            type: event.type,
            data: event.data,
            metadata: { by: action.by, role: action.role },
            eventTime: action.at,
            trialId,
            ...(alert.subjectId ? { subjectId: alert.subjectId } : {}),
          },
          alertNotification(eventId, decision.event.type, updated),
        );
        return updated;
      });
    } catch (error) {
      if (error instanceof ConcurrencyError && attempt < 5) continue;
      throw error;
    }
  }
}

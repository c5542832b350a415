import { INPUT_EVENT_TYPES, TopicNames } from '@vigil/contracts';
import { pendingCount } from '@vigil/event-store';
import { consumerGroupLag, outboxHealth } from '@vigil/messaging';
import { ALERT_EVENT_TYPES } from '@vigil/safety-domain';
import { DataSource } from 'typeorm';

export interface Backlog {
  kafkaLag: number;
  rules: number;
  alertsReadModel: number;
  outbox: number;
}

/** Everything between the EDC topics and the notification topic that is not done yet. */
export async function measureBacklog(dataSource: DataSource, brokers: string[], groupId: string, topics: TopicNames): Promise<Backlog> {
  const lag = await consumerGroupLag(brokers, groupId, [topics.visits, topics.adverseEvents]);
  const kafkaLag = Object.values(lag).reduce((a, b) => a + b, 0);
  const { pending: outbox } = await outboxHealth(dataSource);
  return {
    kafkaLag,
    rules: await pendingCount(dataSource, 'safety-rules', INPUT_EVENT_TYPES),
    alertsReadModel: await pendingCount(dataSource, 'alerts', ALERT_EVENT_TYPES),
    outbox,
  };
}

export async function waitUntilProcessed(
  measure: () => Promise<Backlog>,
  timeoutMs: number,
  onProgress: (backlog: Backlog) => void,
): Promise<Backlog> {
  const deadline = Date.now() + timeoutMs;
  let quietRounds = 0;
  for (;;) {
    const backlog = await measure();
    onProgress(backlog);
    const empty = backlog.kafkaLag + backlog.rules + backlog.alertsReadModel + backlog.outbox === 0;
    // Two empty readings in a row: the rules may have just appended alert changes the projection has not seen.
    quietRounds = empty ? quietRounds + 1 : 0;
    if (quietRounds >= 2) return backlog;
    if (Date.now() > deadline) throw new Error(`still not processed after ${timeoutMs / 1000} s: ${JSON.stringify(backlog)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

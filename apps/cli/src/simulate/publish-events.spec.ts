import { InputEvent } from '@vigil/contracts';
import type { BatchSender, ProducerBatch } from '@vigil/messaging';
import { loadProtocols } from '@vigil/platform';
import { generateTrial } from '@vigil/simulation';
import { resolve } from 'node:path';
import { sendEvents, toKafkaMessage } from './publish-events';

const topics = { visits: 'v', adverseEvents: 'ae' };
const CELLKINE = loadProtocols(resolve(__dirname, '../../../../protocols')).get('NCT04410731')!;

function recordingProducer(): BatchSender & { batches: ProducerBatch[] } {
  const batches: ProducerBatch[] = [];
  return { batches, sendBatch: async (batch: ProducerBatch) => (batches.push(batch), []) };
}

describe('sendEvents', () => {
  const events: InputEvent[] = generateTrial(CELLKINE, { subjects: 4, seed: 1, startDate: '2020-09-02', injections: ['nullified', 'sae'] });

  it('routes by type, keys by subject, waits for all replicas, and counts', async () => {
    const producer = recordingProducer();
    const counts = await sendEvents(producer, events, topics, 50);
    const visitCount = events.filter((e) => !e.type.startsWith('adverse-event.')).length;
    expect(counts).toEqual({
      total: events.length,
      byTopic: { v: visitCount, ae: events.length - visitCount },
      batches: Math.ceil(events.length / 50),
    });
    expect(producer.batches.every((b) => b.acks === -1)).toBe(true);
    const sent = producer.batches.flatMap((b) => b.topicMessages!.flatMap((t) => t.messages.map((m) => ({ topic: t.topic, m }))));
    for (const { topic, m } of sent) {
      const event = JSON.parse(String(m.value)) as InputEvent;
      expect(m.key).toBe(event.subject);
      expect(topic).toBe(event.type.startsWith('adverse-event.') ? 'ae' : 'v');
    }
  });

  it("preserves each subject's order across batches", async () => {
    const producer = recordingProducer();
    await sendEvents(producer, events, topics, 7);
    const sent = producer.batches
      .flatMap((b) => b.topicMessages!.flatMap((t) => t.messages))
      .map((m) => JSON.parse(String(m.value)) as InputEvent);
    for (const subject of new Set(events.map((e) => e.subject))) {
      const order = (list: InputEvent[]) =>
        list.filter((e) => e.subject === subject && e.type.startsWith('adverse-event.')).map((e) => e.id);
      expect(order(sent)).toEqual(order(events));
    }
  });

  it('sends structured-mode CloudEvents without a Kafka timestamp', () => {
    const message = toKafkaMessage(events[0]);
    expect(JSON.parse(String(message.value))).toEqual(events[0]);
    expect(message.headers).toEqual({ 'content-type': 'application/cloudevents+json; charset=UTF-8' });
    expect(message.timestamp).toBeUndefined();
  });
});

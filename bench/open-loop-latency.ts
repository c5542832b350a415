import { InputEvent } from '@vigil/contracts';
import { Client } from 'pg';
import { createKafka } from '@vigil/messaging';
import { probeEvent } from './bench-cohort';
import { InputTopics, sendChunk, waitUntil } from './bench-kafka';

export interface LatencyResult {
  rate: number;
  offered: number;
  probes: number;
  arrived: number;
  /** Sorted latencies in ms of the probes that arrived. */
  latencies: number[];
  /** The rate actually achieved by the generator (events/s), to show it kept up. */
  achievedRate: number;
  /**
   * Where the time went, p50/p99 in ms from production: the ingest transaction began, the rules' transaction
   * began, the outbox relay's transaction that published the alert began (before it hands it to the broker).
   */
  stages?: { stored: [number, number]; judged: [number, number]; relayed?: [number, number]; ticks: ClockTicks };
}

/**
 * Per probe, from the store: when its ingest transaction, the rules' transaction that raised its alert and the
 * relay's transaction that published it began (the relay's is missing once its outbox row was pruned).
 */
export async function latencyStages(db: Client, runId: string): Promise<LatencyResult['stages']> {
  const { rows } = await db.query(
    `select extract(epoch from i.recorded_at - i.event_time) * 1000 as stored, extract(epoch from a.recorded_at - i.event_time) * 1000 as judged,
       extract(epoch from o.published_at - i.event_time) * 1000 as relayed
     from events i join events a on a.type = 'alert.raised' and a.subject_id = i.subject_id and a.data->'view'->>'aeId' = i.data->>'aeId'
     left join outbox o on o.topic_role = 'notifications' and o.message_id = a.event_id
     where i.event_id like $1 and a.subject_id like $2`,
    [`${runId}-probe-%`, `${runId}-S%`],
  );
  if (rows.length === 0) return undefined;
  const pick = (key: 'stored' | 'judged' | 'relayed'): [number, number] => {
    const sorted = rows
      .filter((r) => r[key] !== null)
      .map((r) => Number(r[key]))
      .sort((a, b) => a - b);
    return [Math.round(percentile(sorted, 50)), Math.round(percentile(sorted, 99))];
  };
  const relayed = rows.every((r) => r.relayed !== null) ? { relayed: pick('relayed') } : {};
  return { stored: pick('stored'), judged: pick('judged'), ...relayed, ticks: await clockTicks(db, runId) };
}

/** Clock ticks recorded while the probes ran, and the alerts they raised (overdue visits fall due together). */
export interface ClockTicks {
  ticks: number;
  raised: number;
}

async function clockTicks(db: Client, runId: string): Promise<ClockTicks> {
  const [row] = (
    await db.query(
      `with window_ as (select min(recorded_at) as first, max(recorded_at) as last from events where event_id like $1)
       select count(distinct c.event_id)::int as ticks, count(a.event_id)::int as raised
       from window_ w join events c on c.type = 'clock.ticked' and c.recorded_at between w.first and w.last
       left join events a on a.type = 'alert.raised' and a.metadata->>'causedBy' = c.event_id`,
      [`${runId}-probe-%`],
    )
  ).rows;
  return row;
}

/**
 * Open loop: events leave at a fixed rate whatever the monitor does (no waiting for answers, so a slow
 * monitor cannot slow the load down and hide its own latency). Every `probeEvery`-th event is a serious AE
 * of a subject of its own; its latency runs from the moment it was handed to the producer to the moment
 * its `alert.raised` reached a consumer of the notification topic. Every probe counts: one that never
 * arrives is reported as missing.
 */
export async function openLoopLatency(
  brokers: string[],
  topics: InputTopics & { notifications: string },
  background: InputEvent[],
  options: { rate: number; probes: number; runId: string },
): Promise<LatencyResult> {
  const { rate, probes, runId } = options;
  const probeEvery = Math.max(1, Math.round(rate / 20)); // 20 probes a second
  const total = probes * probeEvery;
  const kafka = createKafka(brokers, 'vigil-bench-latency');
  const arrivals = new Map<string, number>();
  const consumer = kafka.consumer({ groupId: `${runId}-probe`, maxWaitTimeInMs: 20, minBytes: 1 });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.notifications, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const at = Date.now();
      const text = message.value?.toString() ?? '';
      if (!text.includes(runId)) return;
      const event = JSON.parse(text) as { type: string; data: { aeId?: string } };
      if (event.type === 'alert.raised' && event.data.aeId?.startsWith(`${runId}-AE-`)) arrivals.set(event.data.aeId, at);
    },
  });
  await new Promise((r) => setTimeout(r, 3000)); // group joined and caught up with older notifications

  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const sentAt = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let probe = 0;
  let next = 0;
  const started = Date.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - started) * rate) / 1000));
      const chunk: InputEvent[] = [];
      for (; sent < due; sent++) {
        if (sent % probeEvery === probeEvery - 1) {
          const at = Date.now();
          const event = probeEvent(runId, probe++, at);
          sentAt.set(`${runId}-AE-${probe - 1}`, at);
          chunk.push(event);
        } else {
          chunk.push(background[next++ % background.length]);
        }
      }
      if (chunk.length > 0) {
        const p = sendChunk(producer, topics, chunk).catch((e) => console.error(`bench: send failed: ${e}`));
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  const achievedRate = total / ((Date.now() - started) / 1000);
  await Promise.all([...inFlight]);
  await waitUntil(async () => arrivals.size >= sentAt.size, 30_000, 50).catch(() => undefined);
  await producer.disconnect();
  await consumer.disconnect();
  const latencies = [...sentAt].flatMap(([id, at]) => (arrivals.has(id) ? [(arrivals.get(id) as number) - at] : [])).sort((a, b) => a - b);
  return { rate, offered: total, probes: sentAt.size, arrived: latencies.length, latencies, achievedRate };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

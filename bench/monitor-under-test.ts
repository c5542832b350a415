import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { INPUT_EVENT_TYPES, TopicNames } from '@vigil/contracts';
import { createKafka } from '@vigil/messaging';
import {
  AeVersionsProjection,
  AlertsProjection,
  AlertVersionsProjection,
  NotificationsProjection,
  SubjectsProjection,
  TimelineProjection,
} from '@vigil/read-models';
import { Admin } from 'kafkajs';
import { Client } from 'pg';

/** The built monitor as a child process on the bench's own database, topics and group, with its memory sampled. */
export class MonitorUnderTest {
  private child?: ChildProcess;
  private sampler?: NodeJS.Timeout;
  peakRssMb = 0;

  constructor(
    private readonly root: string,
    private readonly env: Record<string, string>,
  ) {}

  async start(): Promise<void> {
    // As `npm run up` starts it (scripts/lib/common.sh); BENCH_MONITOR_NODE_ARGS replaces them, e.g. to add --cpu-prof.
    const nodeArgs = (process.env.BENCH_MONITOR_NODE_ARGS ?? '--max-old-space-size=160').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, path.join(this.root, 'dist/apps/monitor/src/main.js')], {
      cwd: this.root,
      env: { ...process.env, NO_COLOR: '1', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`monitor not ready after 60 s:\n${output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-20_000);
        if (/consuming /.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.on('exit', (code) => reject(new Error(`monitor exited (${code}):\n${output}`)));
    });
    child.removeAllListeners('exit');
    child.on('exit', (code, signal) => {
      if (!this.stopping) console.error(`bench: the monitor exited (${code ?? signal}) during the run:\n${output.slice(-3000)}`);
    });
    this.sampler = setInterval(() => (this.peakRssMb = Math.max(this.peakRssMb, this.rssMb())), 100);
  }

  private stopping = false;

  get pid(): number | undefined {
    return this.child?.pid;
  }

  rssMb(): number {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return match ? Number(match[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  }

  stop(): void {
    this.stopping = true;
    if (this.sampler) clearInterval(this.sampler);
    this.child?.kill('SIGTERM');
  }
}

/** Readers whose work counts as "processed": the rules and every read model. */
const READERS: [string, readonly string[]][] = [
  ['safety-rules', INPUT_EVENT_TYPES],
  ...[
    new AlertsProjection(),
    new AlertVersionsProjection(),
    new NotificationsProjection(),
    new SubjectsProjection(),
    new AeVersionsProjection(),
    new TimelineProjection(),
  ].map((p): [string, readonly string[]] => [p.name, p.eventTypes]),
];

/**
 * True once every published message is committed by the monitor's group, every reader has handled every
 * event of its types, and the outbox is empty: stored, judged, read models updated, notifications published.
 * Index look-ups only, so that watching does not load the database it measures.
 */
export class DrainWatch {
  private admin?: Admin;

  constructor(
    private readonly brokers: string[],
    private readonly db: Client,
    private readonly group: string,
    private readonly topics: TopicNames,
  ) {}

  async drained(): Promise<boolean> {
    if (!this.admin) {
      this.admin = createKafka(this.brokers, 'vigil-bench-watch').admin();
      await this.admin.connect();
    }
    for (const topic of [this.topics.visits, this.topics.adverseEvents]) {
      const ends = await this.admin.fetchTopicOffsets(topic);
      const [committed] = await this.admin.fetchOffsets({ groupId: this.group, topics: [topic] });
      for (const end of ends) {
        const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        if (Number(end.high) > 0 && Number(at) < Number(end.high)) return false;
      }
    }
    for (const [name, types] of READERS) {
      const { rows } = await this.db.query(
        `select exists (select 1 from events e, checkpoints c where c.name = $1
           and (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position) and e.type = any($2::text[])) as behind,
           exists (select 1 from checkpoints where name = $1) as known`,
        [name, [...types]],
      );
      if (rows[0].behind || !rows[0].known) return false;
    }
    const { rows } = await this.db.query(`select exists (select 1 from outbox where published_at is null) as pending`);
    return !rows[0].pending;
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
  }
}

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { TopicNames, TopicRole } from '@vigil/contracts';
import { createKafka, ensureTopics } from '@vigil/messaging';
import { Admin, Consumer, Kafka, Partitioners, Producer } from 'kafkajs';
import { Client, Pool } from 'pg';
import { migrateDatabase } from '../../libs/platform/src/database/data-source';
import { AppProcess, BUILT_APPS, builtAppPath, describeExit, REPO_ROOT } from './app-process';
import { waitFor, WaitOptions } from './wait-for';

export { AppProcess } from './app-process';
export { sleep, waitFor } from './wait-for';

/**
 * End-to-end harness: each test file gets its own world on the real services named by KAFKA_BROKERS and
 * DATABASE_URL (see test/support/global-setup.ts) and runs the BUILT apps (`npm run build`) against it:
 *
 *   database   vigil_e2e_<label>_<hex>         created and migrated here (as DATABASE_URL, the owner; the apps
 *                                              connect as vigil_monitor / vigil_api), dropped `with (force)`
 *   topics     e2e-<label>-<hex>.clinical.visits.v1 …  (3 partitions), deleted at the end
 *   group      e2e-<label>-<hex>.monitor       the monitor's consumer group
 *   PORT       a free port; AUTH_JWT_SECRET    a random secret
 *
 * `useE2eRun(label)` registers the beforeAll/afterAll/afterEach hooks: call it at the top of a describe.
 * Processes are stopped (SIGTERM, SIGKILL after 10 s) in afterAll whatever happened; their captured
 * output is printed when a test fails (VIGIL_E2E_VERBOSE=1 streams it live).
 */

export const E2E_PARTITIONS = 3;
/** The monitor's log line once its Kafka consumer runs (apps/monitor ingest service). */
const MONITOR_READY = /\bconsuming\b/;
const INPUT_ROLES: InputRole[] = ['visits', 'adverseEvents'];

export type InputRole = Extract<TopicRole, 'visits' | 'adverseEvents'>;

export interface OutgoingMessage {
  key: string;
  value: string | Buffer;
}

/** Where a produced message landed. */
export interface Produced {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: Buffer;
}

export interface CollectedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer;
  /** The value parsed as JSON. */
  json<T = any>(): T;
}

export interface Collector {
  readonly topic: string;
  readonly messages: CollectedMessage[];
  stop(): Promise<void>;
}

export interface TokenRequest {
  role: 'dsmb' | 'sponsor' | 'safety-officer';
  trials: string[];
  sub?: string;
  /** `mint-token --ttl` (default: the CLI's). */
  ttl?: string;
}

export interface E2eRun {
  readonly id: string;
  readonly brokers: string[];
  readonly databaseName: string;
  readonly databaseUrl: string;
  readonly topics: TopicNames;
  readonly consumerGroup: string;
  readonly port: number;
  readonly apiUrl: string;
  readonly jwtSecret: string;
  /** Every app process started by this file, in start order. */
  readonly processes: AppProcess[];
  /** The environment the apps get (config of this run), plus `extra`. */
  appEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
  /** Starts `node dist/apps/monitor/src/main.js` and waits until it consumes (unless `waitUntilReady: false`). */
  startMonitor(extraEnv?: Record<string, string>, options?: { waitUntilReady?: boolean }): Promise<AppProcess>;
  /** Starts `node dist/apps/api/src/main.js` on `port` and waits until GET /health answers 200 (unless `waitUntilReady: false`). */
  startApi(extraEnv?: Record<string, string>, options?: { waitUntilReady?: boolean }): Promise<AppProcess>;
  /** Runs the built CLI with this run's environment. */
  cli(args: string[], extraEnv?: Record<string, string>): Promise<{ stdout: string; stderr: string }>;
  /** A token minted by the built CLI (`mint-token`), signed with this run's AUTH_JWT_SECRET. */
  mintToken(request: TokenRequest): Promise<string>;
  /** Publishes `messages` in one request, keyed (the default Java-compatible partitioner), acks=all. */
  produce(role: TopicRole, messages: OutgoingMessage[]): Promise<Produced[]>;
  /** Consumes a topic of this run from the beginning (fresh group) into `messages` until stopped/afterAll. */
  collect(role: TopicRole): Promise<Collector>;
  /** A query against this run's database. */
  sql<T = any>(query: string, params?: unknown[]): Promise<T[]>;
  /** waitFor (./wait-for) whose timeout message also says which app processes have exited. */
  waitFor<T>(what: string, probe: () => T | Promise<T>, options?: WaitOptions): Promise<Exclude<T, undefined | null | false>>;
  /** The connected kafkajs admin of this run. */
  admin(): Promise<Admin>;
  /** Committed offset of `groupId` per partition of the input topics (-1: nothing committed). */
  committedOffsets(groupId?: string): Promise<PartitionOffset[]>;
  /** High watermark (next offset to be written) per partition of the input topics. */
  endOffsets(roles?: TopicRole[]): Promise<PartitionOffset[]>;
  /** GET/POST against the API with an optional bearer token; the body parsed as JSON when it is JSON. */
  http(
    pathAndQuery: string,
    options?: { token?: string; method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<HttpResult>;
  /** Prints the captured output of every app process of this run to stderr. */
  printOutput(reason: string): void;
}

export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: number;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/** `env`: settings every app and CLI call of this file gets (e.g. AUTH_JWT_ISSUER), before per-call extras. */
export function useE2eRun(label: string, options: { env?: Record<string, string> } = {}): E2eRun {
  const world = new World(label, options.env ?? {});
  beforeAll(() => world.setUp());
  afterEach(() => {
    if (currentTestFailed()) world.printOutput(`test failed: ${expect.getState().currentTestName ?? '?'}`);
  });
  afterAll(() => world.tearDown());
  return world;
}

class World implements E2eRun {
  readonly id: string;
  readonly brokers: string[];
  readonly databaseName: string;
  readonly databaseUrl: string;
  readonly topics: TopicNames;
  readonly consumerGroup: string;
  readonly jwtSecret = `e2e-${randomBytes(24).toString('hex')}`;
  readonly processes: AppProcess[] = [];
  port = 0;

  private readonly serverUrl: string;
  private kafka?: Kafka;
  private producer?: Producer;
  private adminClient?: Admin;
  private pool?: Pool;
  private readonly collectors: { consumer: Consumer; groupId: string }[] = [];
  private databaseCreated = false;
  private tornDown = false;
  private readonly partitioner = Partitioners.DefaultPartitioner();

  constructor(
    label: string,
    private readonly fileEnv: Record<string, string>,
  ) {
    const slug =
      label
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'run';
    this.id = `${slug}-${randomBytes(4).toString('hex')}`;
    const brokers = process.env.KAFKA_BROKERS?.trim();
    const serverUrl = process.env.DATABASE_URL?.trim();
    if (!brokers || !serverUrl) {
      throw new Error(
        'KAFKA_BROKERS and DATABASE_URL must be set for e2e tests: run them with `npm test` (see test/support/global-setup.ts)',
      );
    }
    this.brokers = brokers
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean);
    this.serverUrl = serverUrl;
    this.databaseName = `vigil_e2e_${this.id.replace(/-/g, '_')}`;
    const url = new URL(serverUrl);
    url.pathname = `/${this.databaseName}`;
    this.databaseUrl = url.toString();
    this.topics = {
      visits: `e2e-${this.id}.clinical.visits.v1`,
      adverseEvents: `e2e-${this.id}.clinical.adverse-events.v1`,
      deadLetter: `e2e-${this.id}.clinical.dead-letter.v1`,
      notifications: `e2e-${this.id}.safety.notifications.v1`,
    };
    this.consumerGroup = `e2e-${this.id}.monitor`;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async setUp(): Promise<void> {
    for (const app of Object.keys(BUILT_APPS) as (keyof typeof BUILT_APPS)[]) builtAppPath(app);
    warnIfBuildIsStale();
    this.port = await freePort();
    const admin = new Client({ connectionString: this.serverUrl });
    await admin.connect();
    try {
      await admin.query(`create database ${this.databaseName}`);
      this.databaseCreated = true;
    } finally {
      await admin.end();
    }
    await migrateDatabase(this.databaseUrl);
    await ensureTopics(this.brokers, Object.values(this.topics), E2E_PARTITIONS);
    this.kafka = createKafka(this.brokers, `e2e-${this.id}`);
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
  }

  async tearDown(): Promise<void> {
    this.tornDown = true;
    const problems: string[] = [];
    const attempt = async (what: string, step: () => Promise<unknown>, bestEffort = false) => {
      try {
        await step();
      } catch (error) {
        if (!bestEffort) problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    // Apps first: they hold database connections and consumer-group memberships.
    await Promise.all(
      this.processes.map((p) =>
        attempt(`stopping ${p.name}`, async () => {
          const status = await p.stop(10_000);
          if (status.signal === 'SIGKILL' && p.lines.some((l) => /still running .* after SIGTERM/.test(l))) {
            problems.push(`${p.name} did not stop within 10 s of SIGTERM and was killed`);
          }
        }),
      ),
    );
    if (process.env.VIGIL_E2E_LOGS === 'always') this.printOutput('VIGIL_E2E_LOGS=always');
    await Promise.all(this.collectors.map((c) => attempt('stopping a collector', () => c.consumer.disconnect())));
    await attempt('disconnecting the producer', async () => this.producer?.disconnect());
    await attempt('closing the database pool', async () => this.pool?.end());
    if (this.databaseCreated) {
      await attempt(`dropping database ${this.databaseName}`, async () => {
        const admin = new Client({ connectionString: this.serverUrl });
        await admin.connect();
        try {
          await admin.query(`drop database if exists ${this.databaseName} with (force)`);
        } finally {
          await admin.end();
        }
      });
    }
    if (this.kafka) {
      await attempt(
        'deleting consumer groups',
        async () => {
          const admin = await this.admin();
          await admin.deleteGroups([this.consumerGroup, ...this.collectors.map((c) => c.groupId)]);
        },
        true,
      );
      await attempt(
        'deleting topics',
        async () => (await this.admin()).deleteTopics({ topics: Object.values(this.topics), timeout: 10_000 }),
        true,
      );
      await attempt('disconnecting the admin', async () => this.adminClient?.disconnect(), true);
    }
    if (problems.length > 0) throw new Error(`e2e tear-down (${this.id}) had problems:\n  - ${problems.join('\n  - ')}`);
  }

  appEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    // The parent's environment minus anything that configures Vigil: a run sees only its own settings.
    for (const [name, value] of Object.entries(process.env)) {
      if (/^(VIGIL_|KAFKA_BROKERS$|DATABASE_URL$|AUTH_|HOST$|PORT$|NODE_OPTIONS$)/.test(name)) continue;
      env[name] = value;
    }
    return {
      ...env,
      NO_COLOR: '1',
      KAFKA_BROKERS: this.brokers.join(','),
      DATABASE_URL: this.databaseUrl,
      AUTH_JWT_SECRET: this.jwtSecret,
      PORT: String(this.port),
      VIGIL_TOPIC_VISITS: this.topics.visits,
      VIGIL_TOPIC_ADVERSE_EVENTS: this.topics.adverseEvents,
      VIGIL_TOPIC_DEAD_LETTER: this.topics.deadLetter,
      VIGIL_TOPIC_NOTIFICATIONS: this.topics.notifications,
      VIGIL_TOPIC_PARTITIONS: String(E2E_PARTITIONS),
      VIGIL_CONSUMER_GROUP: this.consumerGroup,
      VIGIL_POLL_INTERVAL_MS: '50',
      // Several monitors per run, and maybe a developer's stack on 3001: a test that wants it sets a port.
      VIGIL_MONITOR_PORT: '0',
      ...this.fileEnv,
      ...extra,
    };
  }

  async startMonitor(extraEnv: Record<string, string> = {}, options: { waitUntilReady?: boolean } = {}): Promise<AppProcess> {
    const monitor = this.spawn('monitor', extraEnv);
    if (options.waitUntilReady !== false) await monitor.waitForLine(MONITOR_READY, 60_000);
    return monitor;
  }

  async startApi(extraEnv: Record<string, string> = {}, options: { waitUntilReady?: boolean } = {}): Promise<AppProcess> {
    const api = this.spawn('api', extraEnv);
    if (options.waitUntilReady === false) return api;
    await waitFor(
      `${api.name} to answer GET /health with 200 on ${this.apiUrl}`,
      async () => {
        const response = await fetch(`${this.apiUrl}/health`, { signal: AbortSignal.timeout(5_000) });
        return response.status === 200;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 200,
        context: () => api.tail(80),
        stopIf: () => (api.running ? undefined : `${api.name} exited (${describeExit(api.exitStatus!)})`),
      },
    );
    return api;
  }

  async cli(args: string[], extraEnv: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
    const run = promisify(execFile);
    // Generous: several CLI processes at once (each loads the whole CLI) on a loaded 2-core machine took 27 s.
    return run(process.execPath, [builtAppPath('cli'), ...args], { cwd: REPO_ROOT, env: this.appEnv(extraEnv), timeout: 120_000 });
  }

  async mintToken(request: TokenRequest): Promise<string> {
    const args = ['mint-token', '--role', request.role, '--trials', request.trials.join(',')];
    if (request.sub) args.push('--sub', request.sub);
    if (request.ttl) args.push('--ttl', request.ttl);
    const { stdout } = await this.cli(args);
    const token = stdout.trim().split('\n').pop() ?? '';
    if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) throw new Error(`mint-token printed no JWT: ${JSON.stringify(stdout)}`);
    return token;
  }

  async produce(role: TopicRole, messages: OutgoingMessage[]): Promise<Produced[]> {
    if (!this.producer) throw new Error('produce() is only available once the run is set up (inside tests or a later beforeAll)');
    const topic = this.topics[role];
    // The partition the default (murmur2, Java-compatible) partitioner picks for the key, computed here so
    // that every message's offset is known: same key → same partition, offsets in sending order.
    const partitionMetadata = Array.from({ length: E2E_PARTITIONS }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
      partitionErrorCode: 0,
    }));
    const outgoing = messages.map((m) => ({
      key: m.key,
      value: Buffer.isBuffer(m.value) ? m.value : Buffer.from(m.value, 'utf8'),
      partition: this.partitioner({ topic, partitionMetadata, message: { key: m.key, value: null } }),
    }));
    const metadata = await this.producer.send({ topic, acks: -1, messages: outgoing });
    const next = new Map(metadata.map((m) => [m.partition, BigInt(m.baseOffset ?? '0')]));
    return outgoing.map((m) => {
      const offset = next.get(m.partition);
      if (offset === undefined) throw new Error(`no produce metadata for ${topic}[${m.partition}]`);
      next.set(m.partition, offset + 1n);
      return { topic, partition: m.partition, offset: offset.toString(), key: m.key, value: m.value };
    });
  }

  async collect(role: TopicRole): Promise<Collector> {
    if (!this.kafka) throw new Error('collect() is only available once the run is set up');
    const topic = this.topics[role];
    const groupId = `e2e-${this.id}.collect-${role}-${this.collectors.length + 1}`;
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    this.collectors.push({ consumer, groupId });
    const messages: CollectedMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const value = message.value ?? Buffer.alloc(0);
        messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value,
          json: () => JSON.parse(value.toString('utf8')),
        });
      },
    });
    return { topic, messages, stop: () => consumer.disconnect() };
  }

  async sql<T = any>(query: string, params: unknown[] = []): Promise<T[]> {
    this.pool ??= new Pool({ connectionString: this.databaseUrl, max: 4, application_name: `e2e-${this.id}` });
    const result = await this.pool.query(query, params);
    return result.rows as T[];
  }

  waitFor<T>(what: string, probe: () => T | Promise<T>, options: WaitOptions = {}) {
    return waitFor(what, probe, {
      ...options,
      stopIf: () => options.stopIf?.() ?? (this.tornDown ? 'the run has been torn down (an earlier step failed)' : undefined),
      context: () => {
        const own = options.context?.();
        const exited = this.processes.filter((p) => !p.running).map((p) => `note: ${p.name} has exited (${describeExit(p.exitStatus!)})`);
        return [own, ...exited].filter(Boolean).join('\n');
      },
    });
  }

  async admin(): Promise<Admin> {
    if (!this.kafka) throw new Error('admin() is only available once the run is set up');
    if (!this.adminClient) {
      this.adminClient = this.kafka.admin();
      await this.adminClient.connect();
    }
    return this.adminClient;
  }

  async committedOffsets(groupId = this.consumerGroup): Promise<PartitionOffset[]> {
    const admin = await this.admin();
    const topics = INPUT_ROLES.map((role) => this.topics[role]);
    const fetched = await admin.fetchOffsets({ groupId, topics });
    return fetched
      .flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset) })))
      .sort(byTopicPartition);
  }

  async endOffsets(roles: TopicRole[] = INPUT_ROLES): Promise<PartitionOffset[]> {
    const admin = await this.admin();
    const result: PartitionOffset[] = [];
    for (const role of roles) {
      const topic = this.topics[role];
      for (const p of await admin.fetchTopicOffsets(topic)) result.push({ topic, partition: p.partition, offset: Number(p.high) });
    }
    return result.sort(byTopicPartition);
  }

  async http(
    pathAndQuery: string,
    options: { token?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpResult> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.apiUrl}${pathAndQuery}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let body: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: response.status, headers: response.headers, text, body };
  }

  printOutput(reason: string): void {
    if (this.processes.length === 0) return;
    const parts = this.processes.map((p) => p.tail(300));
    process.stderr.write(`\n===== e2e run ${this.id}: output of its apps (${reason}) =====\n${parts.join('\n')}\n\n`);
  }

  private spawn(app: 'monitor' | 'api', extraEnv: Record<string, string>): AppProcess {
    const count = this.processes.filter((p) => p.name.startsWith(`${app}#`)).length + 1;
    const process_ = new AppProcess(`${app}#${count}`, app, [], this.appEnv(extraEnv));
    this.processes.push(process_);
    return process_;
  }
}

function byTopicPartition(a: PartitionOffset, b: PartitionOffset): number {
  return a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Did the test that is finishing fail? Read from jest-circus's state (the runner keeps the current
 * test's errors there until its afterEach hooks have run). Undefined when that state cannot be found.
 */
function currentTestFailed(): boolean | undefined {
  const symbol = Object.getOwnPropertySymbols(globalThis).find((s) => s.description === 'JEST_STATE_SYMBOL');
  const state = symbol ? (globalThis as Record<symbol, any>)[symbol] : undefined;
  const test = state?.currentlyRunningTest;
  if (!test || !Array.isArray(test.errors)) return undefined;
  return test.errors.length > 0;
}

let staleWarningShown = false;
/** The e2e tests run dist/: say so when a source file is newer than the build (npm test builds first). */
function warnIfBuildIsStale(): void {
  if (staleWarningShown) return;
  staleWarningShown = true;
  const built = Math.min(...Object.values(BUILT_APPS).map((file) => statSync(path.join(REPO_ROOT, file)).mtimeMs));
  const newer: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(full);
      } else if (entry.name.endsWith('.ts') && !/\.(e2e-|int-)?spec\.ts$/.test(entry.name) && statSync(full).mtimeMs > built) {
        newer.push(path.relative(REPO_ROOT, full));
      }
    }
  };
  for (const dir of ['apps', 'libs']) walk(path.join(REPO_ROOT, dir));
  if (newer.length > 0) {
    process.stderr.write(
      `\nwarning: dist/ is older than ${newer.length} source file(s) (e.g. ${newer.slice(0, 3).join(', ')}): ` +
        'the e2e tests run the built apps, run npm run build first\n',
    );
  }
}

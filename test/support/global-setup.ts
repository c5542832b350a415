import { existsSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Jest globalSetup for the integration and e2e projects: provides a real Kafka broker and a real
 * PostgreSQL database through KAFKA_BROKERS and DATABASE_URL.
 *
 * 1. Variables already set (scripts/test.sh sets them to the local broker from Maven Central and the
 *    local PostgreSQL; a user may point them at their own services): used as they are.
 * 2. Otherwise, when a Docker engine answers: testcontainers starts apache/kafka:3.9.1 (KRaft) and/or
 *    postgres:15 for the missing ones. testcontainers is imported lazily, so machines without Docker
 *    never load it.
 * 3. Otherwise: a clear error saying how to run the tests.
 *
 * globalSetup runs in Jest's parent process before workers are spawned, so values put in process.env
 * here reach every test file (with or without --runInBand).
 */

const KAFKA_IMAGE = 'apache/kafka:3.9.1';
const POSTGRES_IMAGE = 'postgres:15';
const TEST_DATABASE = 'vigil_test';

interface StoppableContainer {
  stop(): Promise<unknown>;
}

interface VigilTestServices {
  kafkaBrokers: string;
  databaseUrl: string;
  containers: StoppableContainer[];
  teardown(): Promise<void>;
}

declare global {
  var __VIGIL_TEST_SERVICES__: VigilTestServices | undefined;
}

export default async function globalSetup(): Promise<void> {
  const needKafka = !process.env.KAFKA_BROKERS?.trim();
  const needDatabase = !process.env.DATABASE_URL?.trim();
  if (!needKafka && !needDatabase) return;

  const docker = await findDockerEngine();
  if (!docker) {
    const missing = [needKafka && 'KAFKA_BROKERS', needDatabase && 'DATABASE_URL'].filter(Boolean).join(' and ');
    throw new Error(
      [
        `Integration and e2e tests need a real Kafka broker and PostgreSQL, but ${missing} ${missing.includes(' and ') ? 'are' : 'is'} not set and no Docker engine answers (so testcontainers cannot start them).`,
        'Run the tests with `npm test`: scripts/test.sh starts a local Kafka from Maven Central and uses the local PostgreSQL.',
        'Or start the services yourself and set both variables, for example:',
        '  bash scripts/kafka.sh start && bash scripts/postgres.sh ensure vigil_test',
        '  KAFKA_BROKERS=127.0.0.1:9092 DATABASE_URL=postgres://postgres@127.0.0.1:5432/vigil_test npx jest --selectProjects integration e2e --runInBand',
      ].join('\n'),
    );
  }

  const containers: StoppableContainer[] = [];
  const teardown = async () => {
    await Promise.allSettled(containers.splice(0).map((c) => c.stop()));
  };
  try {
    const [kafkaBrokers, databaseUrl] = await Promise.all([
      needKafka ? startKafka(containers) : Promise.resolve(process.env.KAFKA_BROKERS!),
      needDatabase ? startPostgres(containers) : Promise.resolve(process.env.DATABASE_URL!),
    ]);
    process.env.KAFKA_BROKERS = kafkaBrokers;
    process.env.DATABASE_URL = databaseUrl;
    globalThis.__VIGIL_TEST_SERVICES__ = { kafkaBrokers, databaseUrl, containers, teardown };
    // Jest has no globalTeardown configured for these projects: stop the containers when the run ends.
    // (testcontainers' reaper removes them anyway if this process dies first.)
    process.once('beforeExit', () => void teardown());
    console.log(
      `\nvigil tests: testcontainers ${[needKafka && `Kafka at ${kafkaBrokers}`, needDatabase && 'PostgreSQL'].filter(Boolean).join(' and ')} (Docker at ${docker})`,
    );
  } catch (error) {
    await teardown();
    throw error;
  }
}

// --- testcontainers (only loaded when a Docker engine answers) --------------------------------------

async function startPostgres(containers: StoppableContainer[]): Promise<string> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE)
    .withDatabase(TEST_DATABASE)
    .withUsername('postgres')
    .withPassword('postgres')
    .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'])
    .start();
  containers.push(container);
  return container.getConnectionUri();
}

/**
 * apache/kafka:3.9.1 as a single KRaft node. The host-facing listener must advertise the port Docker
 * mapped, which is only known after the container starts, so the container waits for a starter script
 * (the approach of testcontainers' own Kafka modules; @testcontainers/kafka 11 only supports the
 * Confluent images).
 */
async function startKafka(containers: StoppableContainer[]): Promise<string> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const starter = '/tmp/vigil_kafka_start.sh';
  const waiting = 'vigil: waiting for the starter script';
  const container = await new GenericContainer(KAFKA_IMAGE)
    .withExposedPorts(9092)
    .withEnvironment({
      CLUSTER_ID: 'lWv0yLrO9QJeLpT8I85RIQ', // any 16-byte base64url id (kafka-storage random-uuid)
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://0.0.0.0:9092,BROKER://0.0.0.0:9093,CONTROLLER://0.0.0.0:9094',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9094',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_DEFAULT_REPLICATION_FACTOR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_NUM_PARTITIONS: '6',
      KAFKA_LOG_DIRS: '/tmp/kraft-combined-logs',
    })
    .withEntrypoint(['sh'])
    .withCommand(['-c', `echo '${waiting}'; while [ ! -f ${starter} ]; do sleep 0.1; done; exec ${starter}`])
    .withWaitStrategy(Wait.forLogMessage(waiting))
    .withStartupTimeout(180_000)
    .start();
  containers.push(container);

  const brokers = `${container.getHost()}:${container.getMappedPort(9092)}`;
  await container.copyContentToContainer([
    {
      content: `#!/bin/bash\nexport KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://${brokers},BROKER://localhost:9093\nexec /etc/kafka/docker/run\n`,
      target: starter,
      mode: 0o755,
    },
  ]);
  await waitForKafka(brokers, 120_000);
  return brokers;
}

async function waitForKafka(brokers: string, timeoutMs: number): Promise<void> {
  // Infrastructure probe (like scripts/kafka-ready.js): kafkajs directly, quiet, one try per loop.
  const { Kafka, logLevel } = await import('kafkajs');
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const admin = new Kafka({
      clientId: 'vigil-test-setup',
      brokers: [brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      await admin.listTopics();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
  throw new Error(`Kafka container at ${brokers} was not ready after ${timeoutMs} ms: ${String(lastError)}`);
}

// --- is a Docker engine reachable? (no testcontainers, no docker CLI) -------------------------------

/** Returns a description of the Docker endpoint that answered /_ping within 5 s, or undefined. */
async function findDockerEngine(): Promise<string | undefined> {
  for (const endpoint of dockerEndpoints()) {
    if (await ping(endpoint)) return endpoint;
  }
  return undefined;
}

function dockerEndpoints(): string[] {
  const endpoints: string[] = [];
  if (process.env.DOCKER_HOST) endpoints.push(process.env.DOCKER_HOST);
  const properties = path.join(os.homedir(), '.testcontainers.properties');
  if (existsSync(properties)) {
    const match = /^\s*docker\.host\s*=\s*(\S+)/m.exec(readFileSync(properties, 'utf8'));
    if (match) endpoints.push(match[1]);
  }
  const sockets = [
    '/var/run/docker.sock',
    path.join(os.homedir(), '.docker/run/docker.sock'),
    path.join(os.homedir(), '.docker/desktop/docker.sock'),
    process.env.XDG_RUNTIME_DIR && path.join(process.env.XDG_RUNTIME_DIR, 'docker.sock'),
    process.env.XDG_RUNTIME_DIR && path.join(process.env.XDG_RUNTIME_DIR, 'podman/podman.sock'),
  ].filter((s): s is string => Boolean(s));
  for (const socket of sockets) if (existsSync(socket)) endpoints.push(`unix://${socket}`);
  return [...new Set(endpoints)];
}

function ping(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => resolve(ok);
    if (endpoint.startsWith('unix://')) {
      const req = http.get({ socketPath: endpoint.slice('unix://'.length), path: '/_ping', timeout: 5000 }, (res) => {
        res.resume();
        done(res.statusCode === 200);
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => done(false));
      return;
    }
    if (endpoint.startsWith('tcp://')) {
      // Possibly TLS: a TCP connection that succeeds is taken as "an engine is there".
      const url = new URL(endpoint);
      const socket = net.connect({ host: url.hostname, port: Number(url.port || 2375), timeout: 5000 });
      socket.once('connect', () => {
        socket.destroy();
        done(true);
      });
      socket.once('timeout', () => {
        socket.destroy();
        done(false);
      });
      socket.once('error', () => done(false));
      return;
    }
    done(false);
  });
}

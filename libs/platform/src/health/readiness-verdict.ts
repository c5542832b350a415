/**
 * The figures health is judged on, and the judgement (pure): every reason alerting is not keeping up.
 * `/health/ready` answers 503 with these reasons; `/health` answers 200 `degraded` with them.
 */
export interface MonitorInstanceFigures {
  instanceId: string;
  heartbeatAtMs: number;
  consumerState: string;
  consumerError?: string | null;
  stoppedAtMs?: number | null;
}

export interface BacklogFigures {
  name: string;
  /** recorded_at (store time, not the CloudEvent time) of the oldest event not handled yet; null when none. */
  oldestUnprocessedAtMs: number | null;
  growing: boolean;
  /** Outbox rows the relay gave up on after bounded retries: they wait for a person. */
  parked?: number;
}

export interface HealthFigures {
  nowMs: number;
  /** Unset for an app that does not check it. */
  database?: { ok: boolean; error?: string };
  kafka?: { ok: boolean; error?: string };
  /** Monitor status rows; unset when not judged (the monitor judges its own consumer instead). */
  monitors?: MonitorInstanceFigures[];
  /** This process's own consumer (the monitor). */
  consumer?: { state: string; lastError?: string };
  readers: BacklogFigures[];
  outbox?: BacklogFigures;
  consumerLag?: { total: number; growing: boolean };
}

export interface HealthBounds {
  monitorStaleMs: number;
  maxBacklogAgeMs: number;
}

export function readinessReasons(f: HealthFigures, bounds: HealthBounds): string[] {
  const reasons: string[] = [];
  if (f.database && !f.database.ok) reasons.push(`database unreachable: ${f.database.error ?? 'no answer'}`);
  if (f.kafka && !f.kafka.ok) reasons.push(`Kafka unreachable: ${f.kafka.error ?? 'no answer'}`);
  if (f.monitors) reasons.push(...monitorReasons(f.monitors, f.nowMs, bounds.monitorStaleMs));
  if (f.consumer && f.consumer.state !== 'running') {
    reasons.push(`monitor consumer is ${f.consumer.state}${f.consumer.lastError ? ` (last error: ${f.consumer.lastError})` : ''}`);
  }
  for (const backlog of [...f.readers, ...(f.outbox ? [f.outbox] : [])]) {
    const age = backlog.oldestUnprocessedAtMs === null ? 0 : f.nowMs - backlog.oldestUnprocessedAtMs;
    if (age > bounds.maxBacklogAgeMs) {
      reasons.push(`${backlog.name}: oldest unprocessed event was recorded ${seconds(age)} ago (bound ${seconds(bounds.maxBacklogAgeMs)})`);
    } else if (backlog.growing && backlog.oldestUnprocessedAtMs !== null) {
      reasons.push(`${backlog.name}: backlog keeps growing`);
    }
    if (backlog.parked)
      reasons.push(`${backlog.name}: ${backlog.parked} row(s) parked after repeated send failures (never published without a person)`);
  }
  if (f.consumerLag?.growing) reasons.push(`Kafka consumer lag keeps growing (${f.consumerLag.total} messages)`);
  return reasons;
}

/**
 * Alive = a status row written within the bound. With none alive, no one is alerting. A live instance whose
 * consumer is not running (starting, restarting after a crash, or stopped) is behind: its partitions wait.
 */
function monitorReasons(monitors: MonitorInstanceFigures[], nowMs: number, staleMs: number): string[] {
  const alive = monitors.filter((m) => !m.stoppedAtMs && nowMs - m.heartbeatAtMs <= staleMs);
  if (alive.length === 0) {
    const latest = Math.max(...monitors.map((m) => m.heartbeatAtMs));
    return [
      monitors.length === 0
        ? 'no monitor has ever reported'
        : `no monitor heartbeat for ${seconds(nowMs - latest)} (bound ${seconds(staleMs)})`,
    ];
  }
  return alive
    .filter((m) => m.consumerState !== 'running')
    .map((m) => `monitor ${m.instanceId}: consumer is ${m.consumerState}${m.consumerError ? ` (last error: ${m.consumerError})` : ''}`);
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** The same judgement split by check (database, kafka, monitor, consumer, readers, outbox, consumerLag), for health responses. */
export function reasonsByCheck(f: HealthFigures, bounds: HealthBounds): Record<string, string[]> {
  const base = { nowMs: f.nowMs, readers: [] };
  const checks: Record<string, string[]> = {};
  if (f.database) checks.database = readinessReasons({ ...base, database: f.database }, bounds);
  if (f.kafka) checks.kafka = readinessReasons({ ...base, kafka: f.kafka }, bounds);
  if (f.monitors) checks.monitor = readinessReasons({ ...base, monitors: f.monitors }, bounds);
  if (f.consumer) checks.consumer = readinessReasons({ ...base, consumer: f.consumer }, bounds);
  checks.readers = readinessReasons({ ...base, readers: f.readers }, bounds);
  if (f.outbox) checks.outbox = readinessReasons({ ...base, outbox: f.outbox }, bounds);
  if (f.consumerLag) checks.consumerLag = readinessReasons({ ...base, consumerLag: f.consumerLag }, bounds);
  return checks;
}

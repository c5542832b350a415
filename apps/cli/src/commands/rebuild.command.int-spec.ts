import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AdverseEventState, InputEvent } from '@vigil/contracts';
import { appendEvents, StoreSubscription, toNewEvent } from '@vigil/event-store';
import { loadTrialRules, rebuildableReactions } from '@vigil/safety-rules';
import { builtAppPath, REPO_ROOT } from '../../../../test/support/app-process';
import { createTestDatabase } from '../../../../test/support/test-database';

/** `vigil rebuild` as an operator runs it (the built cli), dispatching RebuildReadModel against a real database. */
const ae = (id: string, patch: Partial<AdverseEventState>): InputEvent => ({
  specversion: '1.0',
  id,
  source: 'edc://site/mayo-fl',
  type: 'adverse-event.reported',
  subject: 'CK-002',
  trialid: 'NCT04410731',
  time: '2021-03-02T09:00:00Z',
  data: {
    aeId: `AE-${id}`,
    version: 1,
    term: 'Pneumonia',
    onsetDate: '2021-03-01',
    endDate: null,
    grade: 3,
    serious: false,
    seriousCriteria: [],
    causality: 'unlikely',
    expectedness: 'expected',
    outcome: 'recovering',
    ...patch,
  },
});

describe('vigil rebuild (built cli, real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const vigil = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [builtAppPath('cli'), 'rebuild', ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, DATABASE_URL: db.url },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
  const severity = async () => (await db.dataSource.query(`select severity from alerts`)).map((r: { severity: string }) => r.severity);

  beforeAll(async () => {
    db = await createTestDatabase('cli_rebuild');
    const origin = { topic: 'clinical.adverse-events.v1', partition: 0, offset: '0' };
    await appendEvents(db.dataSource, [toNewEvent(ae('e-1', { serious: true, seriousCriteria: ['hospitalization'] }), origin)]);
    for (const reaction of rebuildableReactions(loadTrialRules('protocols')))
      await new StoreSubscription(db.dataSource, reaction, { pollIntervalMs: 10 }).catchUp();
  });
  afterAll(() => db?.drop());

  it('rebuilds every derived state and reports each equal to the live one', async () => {
    const { code, stdout } = await vigil();
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.map((l) => l.split(':')[0])).toEqual([
      'safety-rules',
      'alerts',
      'alert-versions',
      'notifications',
      'subjects',
      'ae-versions',
      'timeline',
    ]);
    for (const line of lines) expect(line).toMatch(/rebuilt from \d+ events in [\d.]+ s — equal to the live state$/);
  });

  it('reports a tampered read model, rolls its rebuild back unless told to keep it, and exits 3', async () => {
    await db.dataSource.query(`update alerts set severity = 'low'`);
    const kept = await vigil('alerts');
    expect(kept.code).toBe(3);
    expect(kept.stdout).toMatch(/^alerts: rebuilt from 1 events — DIFFERS from the live state \(row 0: .*severity/);
    expect(await severity()).toEqual(['low']);

    const repaired = await vigil('alerts', '--keep-if-different');
    expect(repaired.code).toBe(3);
    expect(await severity()).toEqual(['high']);
    expect((await vigil('alerts')).code).toBe(0);
  });

  it('rebuilds at a reduced duty cycle with the same result, and refuses one outside 0.05–1', async () => {
    const slow = await vigil('timeline', '--duty-cycle', '0.5');
    expect(slow.code).toBe(0);
    expect(slow.stdout).toMatch(/^timeline: rebuilt from \d+ events in [\d.]+ s — equal to the live state/);
    const refused = await vigil('--duty-cycle', '0');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--duty-cycle must be a number from 0.05 to 1 (got "0")');
  });

  it('rebuilds in small batches with the same result, and refuses a batch size outside 10–10000', async () => {
    const small = await vigil('timeline', '--batch-size', '10');
    expect(small.code).toBe(0);
    expect(small.stdout).toMatch(/^timeline: rebuilt from \d+ events in [\d.]+ s — equal to the live state/);
    const refused = await vigil('--batch-size', '0');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--batch-size must be an integer from 10 to 10000 (got "0")');
  });

  it('refuses an unknown name with the known ones and exit code 2', async () => {
    const { code, stderr } = await vigil('alert');
    expect(code).toBe(2);
    expect(stderr).toContain(
      'unknown read model "alert" (known: safety-rules, alerts, alert-versions, notifications, subjects, ae-versions, timeline, all)',
    );
  });
});

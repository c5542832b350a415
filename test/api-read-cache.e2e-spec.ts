import type { Alert } from '@vigil/contracts';
import { asMessage, CELLKINE_TRIAL, cellKine } from './support/cellkine-events';
import { useE2eRun } from './support/e2e-harness';

/**
 * The API answers its list and detail routes from one rendering per read-model state (apps/api/src/read-cache).
 * What a user must never notice: one role's answer given to another; an answer from before the read models
 * moved when they asked for the current one (`Cache-Control: no-cache`), when the bound is 0, or once the
 * bound (VIGIL_API_READ_CACHE_STALE_MS) has passed. What they may: the same answer again
 * (X-Vigil-Read-Cache: hit), 304 for the ETag they already hold, and within the bound an earlier answer that
 * says so (X-Vigil-Read-Cache: stale, Age, X-Vigil-Rendered-At).
 */
describe('API read cache: fast repeats, bounded and disclosed staleness, never shared across roles', () => {
  const run = useE2eRun('api-read-cache');
  let dsmb: string;
  let sponsor: string;
  const list = `/api/trials/${CELLKINE_TRIAL}/alerts`;
  /** Revalidation as a browser's cache does it (fetch itself would add `Cache-Control: no-cache`, which always renders). */
  const revalidate = (etag: string) => ({ 'if-none-match': etag, 'cache-control': 'max-age=0' });

  /** The API of this run: strict (bound 0) first, then restarted with another bound. */
  let api: Awaited<ReturnType<typeof run.startApi>>;
  const apiWithBound = async (staleMs: number) => {
    await api?.stop();
    api = await run.startApi({ VIGIL_API_READ_CACHE_STALE_MS: String(staleMs) });
  };
  const caughtUp = () =>
    run.waitFor('the monitor to have nothing left to project', async () => {
      const [{ behind }] = await run.sql(
        `select count(*)::int as behind from checkpoints where global_position < (select max(global_position) from events)`,
      );
      return behind === 0;
    });
  const statusIn = (response: { body: { items?: Alert[] } }, alertId: string) =>
    response.body.items?.find((a) => a.alertId === alertId)?.status;

  beforeAll(async () => {
    await Promise.all([run.startMonitor(), apiWithBound(0)]);
    [dsmb, sponsor] = await Promise.all([
      run.mintToken({ role: 'dsmb', trials: [CELLKINE_TRIAL] }),
      run.mintToken({ role: 'sponsor', trials: [CELLKINE_TRIAL] }),
    ]);
  });

  it('strict (bound 0): repeats an answer until the read models move, then answers what they hold', async () => {
    await run.produce('visits', [asMessage(cellKine.enrolled('CK-301', '2021-01-04'))]);
    await run.produce('adverseEvents', [
      asMessage(cellKine.adverseEvent('CK-301', 'CK-301-AE-01', { serious: true, seriousCriteria: ['hospitalization'] })),
    ]);
    const alert = await run.waitFor('the SAE alert in the list', async () => {
      const response = await run.http(list, { token: dsmb });
      return (response.body?.items as Alert[] | undefined)?.find((a) => a.aeId === 'CK-301-AE-01');
    });
    await caughtUp();

    const first = await run.http(list, { token: dsmb });
    const again = await run.http(list, { token: dsmb });
    expect(again.headers.get('x-vigil-read-cache')).toBe('hit');
    expect(Date.parse(again.headers.get('x-vigil-rendered-at')!)).toBeLessThanOrEqual(Date.now());
    expect(again.text).toBe(first.text);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    const unchanged = await run.http(list, { token: dsmb, headers: revalidate(first.headers.get('etag')!) });
    expect(unchanged.status).toBe(304);

    // The sponsor's first request is rendered for the sponsor: not the DSMB's cached answer.
    const sponsorView = await run.http(list, { token: sponsor });
    expect(sponsorView.headers.get('x-vigil-read-cache')).toBe('miss');

    const comment = 'DSMB-CACHE-NOTE-4471: reviewed';
    const ack = await run.http(`${list}/${alert.alertId}/acknowledge`, { token: dsmb, method: 'POST', body: { comment } });
    expect(ack.status).toBe(200);
    await run.waitFor('the acknowledgement in the alerts read model', async () => {
      const [row] = await run.sql(`select status from alerts where alert_id = $1`, [alert.alertId]);
      return row?.status === 'acknowledged';
    });
    // Asked after the read model holds it: no cached answer from before may come back.
    const afterAck = await run.http(list, { token: dsmb, headers: revalidate(first.headers.get('etag')!) });
    expect(afterAck.status).toBe(200);
    expect((afterAck.body.items as Alert[]).find((a) => a.alertId === alert.alertId)?.status).toBe('acknowledged');
    expect(afterAck.text).toContain(comment);
    // The DSMB's answer is cached now; the sponsor asking the same URL gets a view without the DSMB's comment.
    // A plain request (no Cache-Control) for an answer cached before the acknowledgement: with the bound 0 it
    // is rendered again, never the earlier answer.
    const sponsorAfterAck = await run.http(list, { token: sponsor });
    expect(sponsorAfterAck.headers.get('x-vigil-read-cache')).toBe('miss');
    expect((sponsorAfterAck.body.items as Alert[]).find((a) => a.alertId === alert.alertId)?.status).toBe('acknowledged');
    expect(sponsorAfterAck.text).not.toContain(comment);
    expect((await run.http(`${list}/${alert.alertId}`, { token: dsmb })).text).toContain(comment);
    expect((await run.http(`${list}/${alert.alertId}`, { token: sponsor })).text).not.toContain(comment);
  });

  it('within the bound: an earlier answer that says so, until the client asks for the current one (no-cache)', async () => {
    await apiWithBound(60_000); // wide, so that the stale answer below cannot age out while the test runs
    await run.produce('visits', [asMessage(cellKine.enrolled('CK-302', '2021-01-05'))]);
    await run.produce('adverseEvents', [
      asMessage(cellKine.adverseEvent('CK-302', 'CK-302-AE-01', { serious: true, seriousCriteria: ['hospitalization'] })),
    ]);
    const alert = await run.waitFor('the SAE alert in the list', async () => {
      const response = await run.http(list, { token: dsmb, headers: { 'cache-control': 'no-cache' } });
      return (response.body?.items as Alert[] | undefined)?.find((a) => a.aeId === 'CK-302-AE-01');
    });
    await caughtUp();
    const before = await run.http(list, { token: dsmb, headers: { 'cache-control': 'no-cache' } }); // the entry below
    expect(statusIn(before, alert.alertId)).toBe('open');

    const comment = 'DSMB-CACHE-NOTE-5582: seen';
    const ack = await run.http(`${list}/${alert.alertId}/acknowledge`, { token: dsmb, method: 'POST', body: { comment } });
    expect(ack.status).toBe(200);
    await run.waitFor('the acknowledgement in the alerts read model', async () => {
      const [row] = await run.sql(`select status from alerts where alert_id = $1`, [alert.alertId]);
      return row?.status === 'acknowledged';
    });

    // A client that accepts an answer up to a minute old and holds the earlier one: 304, disclosed as stale.
    const accepting = await run.http(list, {
      token: dsmb,
      headers: { 'if-none-match': before.headers.get('etag')!, 'cache-control': 'max-age=60' },
    });
    expect(accepting.status).toBe(304);
    expect(accepting.headers.get('x-vigil-read-cache')).toBe('stale');
    expect(accepting.headers.get('age')).toMatch(/^\d+$/);
    expect(accepting.headers.get('x-vigil-rendered-at')).toBe(before.headers.get('x-vigil-rendered-at'));

    // The user's own action, read back as the dashboard does after it: the current state, at once.
    const own = await run.http(list, { token: dsmb, headers: { 'cache-control': 'no-cache' } });
    expect(own.status).toBe(200);
    expect(own.headers.get('x-vigil-read-cache')).not.toBe('stale');
    expect(statusIn(own, alert.alertId)).toBe('acknowledged');
    expect(own.text).toContain(comment);
    const sponsorOwn = await run.http(list, { token: sponsor, headers: { 'cache-control': 'no-cache' } });
    expect(statusIn(sponsorOwn, alert.alertId)).toBe('acknowledged');
    expect(sponsorOwn.text).not.toContain(comment);

    // Without asking: the background rendering has replaced the earlier answer soon after.
    await run.waitFor('a plain request to answer the acknowledgement', async () => {
      const response = await run.http(list, { token: dsmb });
      return statusIn(response, alert.alertId) === 'acknowledged';
    });
  });
});

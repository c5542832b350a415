import type { Alert } from '@vigil/contracts';
import { asMessage, CELLKINE_TRIAL, cellKine } from './support/cellkine-events';
import { useE2eRun } from './support/e2e-harness';

/**
 * The API answers its list and detail routes from one rendering per read-model state (apps/api/src/read-cache).
 * What a user must never notice: an answer older than the read models, one role's answer given to another.
 * What they may: the same answer again (X-Vigil-Read-Cache: hit) and 304 for the ETag they already hold.
 */
describe('API read cache: fast repeats, never stale, never shared across roles', () => {
  const run = useE2eRun('api-read-cache');
  let dsmb: string;
  let sponsor: string;
  const list = `/api/trials/${CELLKINE_TRIAL}/alerts`;
  /** Revalidation as a browser's cache does it (fetch itself would add `Cache-Control: no-cache`, which always renders). */
  const revalidate = (etag: string) => ({ 'if-none-match': etag, 'cache-control': 'max-age=0' });

  beforeAll(async () => {
    await Promise.all([run.startMonitor(), run.startApi()]);
    [dsmb, sponsor] = await Promise.all([
      run.mintToken({ role: 'dsmb', trials: [CELLKINE_TRIAL] }),
      run.mintToken({ role: 'sponsor', trials: [CELLKINE_TRIAL] }),
    ]);
  });

  it('repeats an answer until the read models move, then answers what they hold', async () => {
    await run.produce('visits', [asMessage(cellKine.enrolled('CK-301', '2021-01-04'))]);
    await run.produce('adverseEvents', [
      asMessage(cellKine.adverseEvent('CK-301', 'CK-301-AE-01', { serious: true, seriousCriteria: ['hospitalization'] })),
    ]);
    const alert = await run.waitFor('the SAE alert in the list', async () => {
      const response = await run.http(list, { token: dsmb });
      return (response.body?.items as Alert[] | undefined)?.find((a) => a.aeId === 'CK-301-AE-01');
    });
    await run.waitFor('the monitor to have nothing left to project', async () => {
      const [{ behind }] = await run.sql(
        `select count(*)::int as behind from checkpoints where global_position < (select max(global_position) from events)`,
      );
      return behind === 0;
    });

    const first = await run.http(list, { token: dsmb });
    const again = await run.http(list, { token: dsmb });
    expect(again.headers.get('x-vigil-read-cache')).toBe('hit');
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
    const sponsorAfterAck = await run.http(list, { token: sponsor });
    expect((sponsorAfterAck.body.items as Alert[]).find((a) => a.alertId === alert.alertId)?.status).toBe('acknowledged');
    expect(sponsorAfterAck.text).not.toContain(comment);
    expect((await run.http(`${list}/${alert.alertId}`, { token: dsmb })).text).toContain(comment);
    expect((await run.http(`${list}/${alert.alertId}`, { token: sponsor })).text).not.toContain(comment);
  });
});

import { Alert } from '@vigil/contracts';
import { evolveAlert, decideHumanAction, HumanAction } from '../alerts/alert-lifecycle';
import { AlertEvent } from '../alerts/alert-events';
import { alertNotificationEvent } from '../alerts/alert-notification-event';
import { aeVersion, testRules } from '../testing/given-events';
import { given } from '../testing/given-when-then';
import { sponsorAlert } from './sponsor-alert';

/** SPEC §5: the sponsor view of an alert is built from a list of fields; DSMB comments are never in it. */
const DSMB_COMMENT = 'DSMB-ONLY-MARKER-7f3a: unblinded review shows the active arm';

function seriousAeAlert(): Alert {
  const [raised] = given([aeVersion({ seriousCriteria: ['hospitalization'], causality: 'probably', grade: 3 })], testRules()).decisions;
  const event: AlertEvent = {
    type: raised.change,
    data: { view: raised.view, at: raised.at, causedBy: raised.causedBy, sequence: raised.sequence },
  };
  return evolveAlert(undefined, event, 1);
}

function act(alert: Alert, action: Omit<HumanAction, 'at'>, at: string): Alert {
  const decision = decideHumanAction(alert, { ...action, at });
  if (!decision.ok) throw new Error(decision.reason);
  return evolveAlert(alert, decision.event, alert.version + 1);
}

describe('sponsorAlert', () => {
  it('keeps every evidence field the rules give a sponsor (nothing lost to the allowlist)', () => {
    const alert = seriousAeAlert();
    expect(sponsorAlert(alert).evidence).toEqual(alert.evidence);
    expect(sponsorAlert(alert)).toMatchObject({ alertId: alert.alertId, title: alert.title, severity: alert.severity, status: 'open' });
  });

  it('carries no field that is not listed: arm, treatment product, dose, route and anything new are absent', () => {
    const alert = seriousAeAlert();
    const widened = {
      ...alert,
      arm: 'ARM-TOP',
      evidence: {
        ...alert.evidence,
        arm: 'ARM-A',
        product: 'PRODUCT-MARKER',
        dose: 'DOSE-MARKER',
        route: 'ROUTE-MARKER',
        treatment: { product: 'PRODUCT-MARKER' },
        meddra: { ...(alert.evidence.meddra as object), armCode: 'ARM-B' },
        someFutureKey: 'FUTURE-MARKER',
        // A listed field that turns into an object carries nothing through.
        term: { product: 'PRODUCT-NESTED' },
      },
    } as unknown as Alert;
    const text = JSON.stringify(sponsorAlert(widened));
    for (const marker of ['ARM-', 'PRODUCT-', 'DOSE-MARKER', 'ROUTE-MARKER', 'FUTURE-MARKER']) expect(text).not.toContain(marker);
    expect(sponsorAlert(widened).evidence).toMatchObject({ grade: 3, causality: 'probably' });
  });

  it('shows who acknowledged and when, but not a DSMB comment; a safety officer comment and the rules’ notes stay', () => {
    const raised = seriousAeAlert();
    const acked = act(raised, { type: 'acknowledge', by: 'dsmb-chair', role: 'dsmb', comment: DSMB_COMMENT }, '2021-02-05T09:00:00Z');
    const closed = act(
      acked,
      { type: 'close', by: 'so-1', role: 'safety-officer', comment: 'reported to the FDA' },
      '2021-02-06T09:00:00Z',
    );
    const sponsor = sponsorAlert(closed);
    expect(JSON.stringify(closed)).toContain(DSMB_COMMENT);
    expect(JSON.stringify(sponsor)).not.toContain(DSMB_COMMENT);
    expect(sponsor.history.slice(1)).toEqual([
      {
        change: 'alert.acknowledged',
        at: '2021-02-05T09:00:00Z',
        version: 2,
        status: 'acknowledged',
        severity: raised.severity,
        reasons: raised.reasons,
        by: 'dsmb-chair',
        role: 'dsmb',
      },
      {
        change: 'alert.closed',
        at: '2021-02-06T09:00:00Z',
        version: 3,
        status: 'closed',
        severity: raised.severity,
        reasons: raised.reasons,
        by: 'so-1',
        role: 'safety-officer',
        comment: 'reported to the FDA',
      },
    ]);
    const noted = {
      ...closed,
      history: [{ ...closed.history[0], comment: 'withdrawn: the AE was nullified' }, ...closed.history.slice(1)],
    };
    expect(sponsorAlert(noted).history[0].comment).toBe('withdrawn: the AE was nullified');
  });

  it('withholds a person’s comment whose role is not recorded (history written before roles were)', () => {
    const acked = act(
      seriousAeAlert(),
      { type: 'acknowledge', by: 'someone', role: 'dsmb', comment: DSMB_COMMENT },
      '2021-02-05T09:00:00Z',
    );
    const { role: _, ...withoutRole } = acked.history[1];
    expect(sponsorAlert({ ...acked, history: [acked.history[0], withoutRole] }).history[1]).not.toHaveProperty('comment');
  });

  it('the notification (Kafka and the stored feed) carries the sponsor view: no DSMB comment, no arm', () => {
    const acked = act(
      seriousAeAlert(),
      { type: 'acknowledge', by: 'dsmb-chair', role: 'dsmb', comment: DSMB_COMMENT },
      '2021-02-05T09:00:00Z',
    );
    const withArm = { ...acked, evidence: { ...acked.evidence, arm: 'ARM-A', dose: 'DOSE-MARKER' } };
    const notification = alertNotificationEvent('event-1', 'alert.acknowledged', withArm);
    const text = JSON.stringify(notification);
    expect(text).not.toContain(DSMB_COMMENT);
    expect(text).not.toMatch(/ARM-A|DOSE-MARKER/);
    expect(notification.data.history[1]).toMatchObject({ change: 'alert.acknowledged', by: 'dsmb-chair', at: '2021-02-05T09:00:00Z' });
  });
});

import { Alert, AlertNotification } from '@vigil/contracts';
import { sponsorFeedView, sponsorStreamView } from './sponsor-feed';

/** A feed row stored before DSMB comments were withheld still reaches sponsors without the comment. */
const alert: Alert = {
  alertId: 'a1',
  trialId: 'T',
  kind: 'stopping-rule',
  reasons: ['STOPPING_RULE'],
  severity: 'critical',
  status: 'acknowledged',
  title: 'Stopping rule',
  raisedAt: '2021-01-16T10:00:00Z',
  updatedAt: '2021-01-17T10:00:00Z',
  evidence: { ruleId: 'R', count: 2, subjects: [{ subjectId: 'S1', aeIds: ['AE1'], arm: 'ARM-A' }] },
  version: 2,
  history: [
    { change: 'alert.raised', at: '2021-01-16T10:00:00Z', version: 1, status: 'open', severity: 'critical', reasons: ['STOPPING_RULE'] },
    {
      change: 'alert.acknowledged',
      at: '2021-01-17T10:00:00Z',
      version: 2,
      status: 'acknowledged',
      severity: 'critical',
      reasons: ['STOPPING_RULE'],
      by: 'dsmb-chair',
      comment: 'DSMB-MARKER',
    },
  ],
};
const event = {
  specversion: '1.0',
  id: 'n1',
  source: 'vigil://monitor',
  type: 'alert.acknowledged',
  subject: 'a1',
  time: alert.updatedAt,
  datacontenttype: 'application/json',
  trialid: 'T',
  data: alert,
  extra: 'EXTRA-MARKER',
} as AlertNotification;
const blinded = () => new Set(['arm']);

describe('sponsor feed views', () => {
  it('rebuild each stored notification from the allowlist: no DSMB comment, no arm, no unlisted field', () => {
    const page = sponsorFeedView({ items: [{ seq: '1', event }], nextCursor: null, lastSeq: '1' }, blinded) as {
      items: { event: AlertNotification }[];
    };
    const text = JSON.stringify(page);
    expect(text).not.toMatch(/DSMB-MARKER|ARM-A|EXTRA-MARKER/);
    expect(page.items[0].event.data.history[1]).toMatchObject({ change: 'alert.acknowledged', by: 'dsmb-chair' });
    expect(page.items[0].event.data.evidence.subjects).toEqual([{ subjectId: 'S1', aeIds: ['AE1'] }]);
  });

  it('SSE: the message carries the sponsor CloudEvent; comment lines pass', () => {
    const message = sponsorStreamView({ id: '1', type: 'alert.acknowledged', data: event }, blinded);
    expect(JSON.stringify(message)).not.toMatch(/DSMB-MARKER|ARM-A/);
    expect(message).toMatchObject({ id: '1', type: 'alert.acknowledged', data: { id: 'n1' } });
    expect(sponsorStreamView({ comment: 'heartbeat' } as never, blinded)).toEqual({ comment: 'heartbeat' });
  });
});

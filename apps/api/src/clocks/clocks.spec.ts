import { Alert } from '@vigil/contracts';
import { clocksDue } from './clocks';

const alert = (alertId: string, dueBy: string | undefined, status: Alert['status'] = 'open'): Alert => ({
  alertId,
  trialId: 'T',
  kind: 'adverse-event',
  subjectId: 'S1',
  reasons: ['SERIOUS'],
  severity: 'high',
  status,
  title: `SAE ${alertId}`,
  raisedAt: '2021-03-02T09:15:00.000Z',
  updatedAt: '2021-03-02T09:15:00.000Z',
  ...(dueBy ? { dueBy } : {}),
  evidence: { arm: 'never copied' },
  version: 1,
  history: [],
});

describe('clocksDue', () => {
  const now = '2021-03-03T00:00:00.000Z';

  it('given open and acknowledged alerts due before now + 24 h, then those, soonest first, overdue when past now', () => {
    const clocks = clocksDue(
      [
        alert('later', '2021-03-03T23:00:00.000Z', 'acknowledged'),
        alert('past', '2021-03-02T09:15:00.000Z'),
        alert('beyond', '2021-03-04T00:00:00.000Z'),
        alert('closed', '2021-03-02T09:15:00.000Z', 'closed'),
        alert('withdrawn', '2021-03-02T09:15:00.000Z', 'withdrawn'),
        alert('no-clock', undefined),
      ],
      now,
    );
    expect(clocks.now).toBe(now);
    expect(clocks.items.map((c) => [c.alertId, c.overdue, c.status])).toEqual([
      ['past', true, 'open'],
      ['later', false, 'acknowledged'],
    ]);
    expect(clocks.items[0]).toEqual({
      alertId: 'past',
      subjectId: 'S1',
      kind: 'adverse-event',
      severity: 'high',
      status: 'open',
      title: 'SAE past',
      dueBy: '2021-03-02T09:15:00.000Z',
      overdue: true,
    });
  });
});

import { toTrialOverviews } from './trial-overviews';

describe('toTrialOverviews', () => {
  it('counts open and acknowledged alerts by severity, subjects, and sorts by trial id', () => {
    const overviews = toTrialOverviews([
      { trialId: 'NCT2', what: 'alerts', status: 'open', severity: 'critical', n: 1 },
      { trialId: 'NCT1', what: 'subjects', n: 3 },
      { trialId: 'NCT1', what: 'alerts', status: 'open', severity: 'high', n: 2 },
      { trialId: 'NCT1', what: 'alerts', status: 'acknowledged', severity: 'high', n: 1 },
      { trialId: 'NCT1', what: 'alerts', status: 'closed', severity: 'medium', n: 5 },
      { trialId: 'NCT1', what: 'alerts', status: 'withdrawn', severity: 'low', n: 1 },
    ]);
    expect(overviews).toEqual([
      {
        trialId: 'NCT1',
        subjects: 3,
        openAlerts: { low: 0, medium: 0, high: 2, critical: 0 },
        acknowledgedAlerts: { low: 0, medium: 0, high: 1, critical: 0 },
      },
      {
        trialId: 'NCT2',
        subjects: 0,
        openAlerts: { low: 0, medium: 0, high: 0, critical: 1 },
        acknowledgedAlerts: { low: 0, medium: 0, high: 0, critical: 0 },
      },
    ]);
  });

  it('lists a trial known only from its AEs, or whose alerts are all closed, with zero counts', () => {
    const overviews = toTrialOverviews([
      { trialId: 'AE-ONLY', what: 'aes', n: 0 },
      { trialId: 'CLOSED', what: 'alerts', status: 'closed', severity: 'high', n: 2 },
    ]);
    expect(overviews.map((t) => [t.trialId, t.subjects, t.openAlerts.high])).toEqual([
      ['AE-ONLY', 0, 0],
      ['CLOSED', 0, 0],
    ]);
  });

  it('is empty without rows', () => {
    expect(toTrialOverviews([])).toEqual([]);
  });
});

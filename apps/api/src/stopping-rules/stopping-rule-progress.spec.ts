import { AdverseEventState, SPEC_UTI_FOLLOW_UP } from '@vigil/contracts';
import { alertIdFor, Protocol, trialRulesFromProtocol } from '@vigil/safety-domain';
import { stoppingRulesProgress } from './stopping-rule-progress';

const protocol = {
  related: { causalityThreshold: 'possibly' },
  severe: { gradeThreshold: 3 },
  aesi: [],
  stoppingRules: [
    { id: 'ANY-DEATH', description: 'Any death', threshold: 1, match: { fatal: true } },
    { id: 'RELATED-G3', description: 'Two subjects with a related grade 3', threshold: 2, match: { related: true, minGrade: 3 } },
  ],
} as unknown as Protocol;
const settings = trialRulesFromProtocol(protocol).adverseEvents;
const ae = (subjectId: string, aeId: string, patch: Partial<AdverseEventState> = {}) => ({
  subjectId,
  treatedOn: '2021-01-11',
  ae: { ...SPEC_UTI_FOLLOW_UP, aeId, version: 1, term: 'Injection site swelling', onsetDate: '2021-01-13', grade: 1, ...patch },
});

describe('stoppingRulesProgress', () => {
  it('given one subject (two AEs) with a related grade 3 AE, then count 1 of threshold 2, not met, no alert', () => {
    const progress = stoppingRulesProgress(
      'T',
      protocol,
      settings,
      [ae('S1', 'A', { grade: 3, causality: 'probably' }), ae('S1', 'B', { grade: 4, causality: 'possibly' }), ae('S2', 'C', { grade: 3 })],
      new Map(),
    );
    expect(progress.items).toEqual([
      { ruleId: 'ANY-DEATH', description: 'Any death', threshold: 1, count: 0, met: false },
      { ruleId: 'RELATED-G3', description: 'Two subjects with a related grade 3', threshold: 2, count: 1, met: false },
    ]);
  });

  it('given a death and its raised alert, then met with the alert id and status', () => {
    const alertId = alertIdFor({ kind: 'stopping-rule', trialId: 'T', ruleId: 'ANY-DEATH' });
    const progress = stoppingRulesProgress(
      'T',
      protocol,
      settings,
      [ae('S1', 'A', { grade: 5, outcome: 'fatal' })],
      new Map([[alertId, 'acknowledged']]),
    );
    expect(progress.items[0]).toEqual({
      ruleId: 'ANY-DEATH',
      description: 'Any death',
      threshold: 1,
      count: 1,
      met: true,
      alertId,
      status: 'acknowledged',
    });
  });
});

/** A small valid protocol as raw YAML would give it, for tests that break one field at a time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped like parsed YAML, so a test can break any field
export function rawProtocol(): Record<string, any> {
  return {
    trialId: 'NCT00000001',
    title: 'Fixture trial',
    treatment: { product: 'MSC', route: 'intradiscal' },
    visits: [
      { code: 'SCREENING', studyDay: -14, windowBeforeDays: 16, windowAfterDays: 14 },
      { code: 'DAY0', studyDay: 0, windowBeforeDays: 0, windowAfterDays: 0 },
      { code: 'M1', studyDay: 30, windowBeforeDays: 7, windowAfterDays: 7 },
      { code: 'M3', studyDay: 91, windowBeforeDays: 7, windowAfterDays: 7, labs: true },
    ],
    aesi: [
      { id: 'FEVER', name: 'Early fever', ptCodes: [10037660], termPatterns: ['fever'], withinDaysAfterTreatment: 3 },
      { id: 'MALIGNANCY', name: 'New malignancy', termPatterns: ['carcinoma'] },
      { id: 'VTE', name: 'Thromboembolism', ptCodes: ['10051055'] },
    ],
    labs: { ctcaeVersion: '5.0', alertAtGrade: 2, tests: { PLAT: { alertAtGrade: 1 } } },
    vitals: { feverThresholdC: 38 },
    stoppingRules: [
      { id: 'DEATH', description: 'Any death', threshold: 1, match: { fatal: true } },
      { id: 'REL-G3', description: 'Two related grade 3', threshold: 2, match: { related: true, minGrade: 3 } },
    ],
    exampleChoices: ['everything'],
    sources: ['none'],
  };
}

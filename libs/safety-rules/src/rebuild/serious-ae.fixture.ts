import { InputEvent } from '@vigil/contracts';

/** A serious AE: the rules raise one alert and notify it. */
export const seriousAe = (n: number): InputEvent => ({
  specversion: '1.0',
  id: `sae-${n}`,
  source: 'edc://site/mayo-fl',
  type: 'adverse-event.reported',
  subject: `CK-${n}`,
  trialid: 'NCT04410731',
  time: '2021-03-02T09:00:00Z',
  data: {
    aeId: `CK-${n}-AE-01`,
    version: 1,
    term: 'Pneumonia',
    onsetDate: '2021-03-01',
    endDate: null,
    grade: 3,
    serious: true,
    seriousCriteria: ['hospitalization'],
    causality: 'unlikely',
    expectedness: 'expected',
    outcome: 'recovering',
  },
});

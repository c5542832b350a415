import { LabResult } from '@vigil/contracts';
import { CompletedVisit, hysLawThresholds, labPeaks } from './lab-peaks';

const visit = (subjectId: string, visitCode: string, visitDate: string, labs: LabResult[]): CompletedVisit => ({
  subjectId,
  visitCode,
  visitDate,
  labs,
});
const THRESHOLDS = hysLawThresholds(undefined);

describe('labPeaks (eDISH)', () => {
  it("given the Hy's law rule, then the plot's lines are 3 × ULN and 2 × ULN", () => {
    expect(THRESHOLDS).toEqual({ transaminaseXUln: 3, biliXUln: 2 });
  });

  it('given ALT 5 × ULN at M3 and bilirubin 3 × ULN at M12, then each peak with its visit, and the subject in the upper right', () => {
    const { items } = labPeaks(
      [
        visit('CK-001', 'M3', '2021-04-12', [
          { test: 'ALT', value: 200, unit: 'U/L', uln: 40 },
          { test: 'BILI', value: 1.2, unit: 'mg/dL', uln: 1.2 },
        ]),
        visit('CK-001', 'M12', '2022-01-10', [
          { test: 'ALT', value: 80, unit: 'U/L', uln: 40 },
          { test: 'BILI', value: 3.6, unit: 'mg/dL', uln: 1.2 },
        ]),
      ],
      new Map([['CK-001', 'hys-1']]),
      undefined,
      THRESHOLDS,
    );
    expect(items).toEqual([
      {
        subjectId: 'CK-001',
        alt: { xUln: 5, value: 200, uln: 40, unit: 'U/L', date: '2021-04-12', visitCode: 'M3' },
        bili: { xUln: expect.closeTo(3, 9), value: 3.6, uln: 1.2, unit: 'mg/dL', date: '2022-01-10', visitCode: 'M12' },
        transaminaseXUln: 5,
        biliXUln: expect.closeTo(3, 9),
        hysLaw: true,
        hysLawAlertId: 'hys-1',
      },
    ]);
  });

  it('given AST higher than ALT, then the transaminase peak is AST’s; without bilirubin, biliXUln is null', () => {
    const { items } = labPeaks(
      [
        visit('S1', 'M3', '2021-04-12', [
          { test: 'alt', value: 60, uln: 40 },
          { test: 'AST', value: 160, uln: 40 },
          { test: 'ALP', value: 240, uln: 120 },
        ]),
      ],
      new Map(),
      undefined,
      THRESHOLDS,
    );
    expect(items[0]).toMatchObject({ transaminaseXUln: 4, biliXUln: null, hysLaw: false, alp: { xUln: 2 }, alt: { xUln: 1.5 } });
    expect(items[0]).not.toHaveProperty('hysLawAlertId');
    expect(items[0]).not.toHaveProperty('bili');
  });

  it('given labs without a ULN or other tests only, then no item; given several subjects, then sorted by subject id', () => {
    const { items } = labPeaks(
      [
        visit('S3', 'M3', '2021-04-12', [{ test: 'ALT', value: 900 }]),
        visit('S4', 'M3', '2021-04-12', [{ test: 'CRP', value: 250, uln: 5 }]),
        visit('S2', 'M3', '2021-04-12', [{ test: 'BILI', value: 1, uln: 1.2 }]),
        visit('S1', 'M3', '2021-04-12', [{ test: 'ALT', value: 20, uln: 40 }]),
      ],
      new Map(),
      undefined,
      THRESHOLDS,
    );
    expect(items.map((i) => [i.subjectId, i.transaminaseXUln, i.biliXUln])).toEqual([
      ['S1', 0.5, null],
      ['S2', null, expect.closeTo(0.8333, 3)],
    ]);
  });

  it('given equal peaks at two visits, then the earlier visit is kept', () => {
    const { items } = labPeaks(
      [
        visit('S1', 'M12', '2022-01-10', [{ test: 'ALT', value: 80, uln: 40 }]),
        visit('S1', 'M3', '2021-04-12', [{ test: 'ALT', value: 80, uln: 40 }]),
      ],
      new Map(),
      undefined,
      THRESHOLDS,
    );
    expect(items[0].alt).toMatchObject({ visitCode: 'M3', date: '2021-04-12' });
  });

  it('given arms (callers who may see them), then each item carries its arm; without, no arm key at all', () => {
    const visits = [visit('S1', 'M3', '2021-04-12', [{ test: 'ALT', value: 80, uln: 40 }])];
    expect(labPeaks(visits, new Map(), new Map([['S1', 'ARM-A']]), THRESHOLDS).items[0].arm).toBe('ARM-A');
    expect(labPeaks(visits, new Map(), undefined, THRESHOLDS).items[0]).not.toHaveProperty('arm');
  });
});

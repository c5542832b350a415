import { blindedFieldsOf, Protocol } from '@vigil/safety-domain';
import { buildTimeline, TimelineEntryRow } from './build-timeline';
import { sponsorTimelineView } from './sponsor-timeline';

/** SPEC §5: a sponsor's timeline is built from fields listed per entry kind; a blinded trial's treatment is not among them. */
const rows: TimelineEntryRow[] = [
  {
    eventId: 'e1',
    globalPosition: '1',
    type: 'subject.enrolled',
    time: '2021-01-04T09:00:00Z',
    occurredOn: '2021-01-04',
    data: { siteId: 'MAYO', enrolledOn: '2021-01-04', arm: 'ARM-ACTIVE', sex: 'F', ageYears: 52, actArmCode: 'ACTIVE' },
  },
  {
    eventId: 'e2',
    globalPosition: '2',
    type: 'treatment.administered',
    time: '2021-01-11T14:00:00Z',
    occurredOn: '2021-01-11',
    data: { administeredOn: '2021-01-11', product: 'PRODUCT-X', dose: 'DOSE-X', route: 'ROUTE-X', sites: ['L4-L5 left'] },
  },
  {
    eventId: 'e3',
    globalPosition: '3',
    type: 'visit.completed',
    time: '2021-01-12T09:00:00Z',
    occurredOn: '2021-01-12',
    data: { visitCode: 'DAY1', visitDate: '2021-01-12', vitals: { temperatureC: 37.1 }, labs: [{ test: 'ALT', value: 30, armNote: 'x' }] },
  },
];
const timeline = buildTimeline('NCT-T', 'S-1', rows, []);
const blinded = { blinding: { blinded: true, fields: ['arm', 'product', 'dose', 'route'] } } as Protocol;
const openLabel = { blinding: { blinded: false, fields: ['arm'] } } as Protocol;

describe('sponsorTimelineView', () => {
  it('drops product, dose and route of a blinded trial, keeps when and where it was given', () => {
    const view = sponsorTimelineView(timeline, () => blindedFieldsOf(blinded)) as { entries: Record<string, unknown>[] };
    const treatment = view.entries.find((e) => e.kind === 'treatment');
    expect(treatment).toEqual({
      studyDay: 0,
      date: '2021-01-11',
      time: '2021-01-11T14:00:00Z',
      kind: 'treatment',
      eventId: 'e2',
      sites: ['L4-L5 left'],
    });
    expect(JSON.stringify(view)).not.toMatch(/PRODUCT-X|DOSE-X|ROUTE-X/);
  });

  it('shows an open-label trial’s treatment, and never the arm', () => {
    const view = sponsorTimelineView(timeline, () => blindedFieldsOf(openLabel)) as Record<string, unknown> & {
      entries: Record<string, unknown>[];
    };
    expect(view.entries.find((e) => e.kind === 'treatment')).toMatchObject({ product: 'PRODUCT-X', dose: 'DOSE-X', route: 'ROUTE-X' });
    expect(timeline.arm).toBe('ARM-ACTIVE');
    expect(view).not.toHaveProperty('arm');
    expect(JSON.stringify(view)).not.toMatch(/ARM-ACTIVE|"arm/i);
    expect(view.entries.find((e) => e.kind === 'visit')).toMatchObject({
      vitals: { temperatureC: 37.1 },
      labs: [{ test: 'ALT', value: 30 }],
    });
  });

  it('treats a trial without a protocol as blinded', () => {
    const view = sponsorTimelineView(timeline, () => blindedFieldsOf(undefined));
    expect(JSON.stringify(view)).not.toMatch(/PRODUCT-X|DOSE-X|ROUTE-X|L4-L5/);
  });
});

import { useMemo } from 'react';
import { useApp } from '../app-context';
import { Chart } from '../chart';
import { ErrorNote, Link, Loading } from '../components';
import { GRADE_COLOURS, SEVERITY_COLOURS } from '../format';
import { paths } from '../routes';
import { useApi } from '../use-api';
import type { VisitCompliance } from './visits';

interface Entry {
  studyDay: number | null;
  date: string | null;
  time: string;
  kind: string;
  [detail: string]: unknown;
}
interface Timeline {
  subjectId: string;
  enrolledOn: string | null;
  treatedOn: string | null;
  withdrawnOn: string | null;
  arm?: string | null;
  entries: Entry[];
}
interface Lab {
  test: string;
  value: number;
  unit?: string;
  uln?: number;
  lln?: number;
  grade?: number;
}

const DAY_MS = 86_400_000;
const dayOf = (treatedOn: string | null, date: string | null | undefined) =>
  treatedOn && date ? Math.round((Date.parse(date.slice(0, 10)) - Date.parse(treatedOn)) / DAY_MS) : null;

/**
 * The subject's swimmer chart: one lane each for treatment, visits (with the protocol's windows when the API
 * has visit compliance), every adverse event (a bar from onset to resolution, coloured by grade, serious ones
 * outlined in red), each lab test, and alerts; the same entries in a table below.
 */
export function SubjectTimeline({ trialId, subjectId }: { trialId: string; subjectId: string }) {
  const { session, navigate } = useApp();
  const timeline = useApi<Timeline>(`/api/trials/${encodeURIComponent(trialId)}/subjects/${encodeURIComponent(subjectId)}/timeline`);
  const windows = useApi<VisitCompliance>(`/api/trials/${encodeURIComponent(trialId)}/visit-compliance`);
  const t = timeline.data;
  const option = useMemo(() => (t ? swimmerOption(t, windows.data) : undefined), [t, windows.data]);
  if (timeline.error !== undefined) return <ErrorNote error={timeline.error} />;
  if (!t || !option) return <Loading what="the timeline" />;
  const showArm = session.role !== 'sponsor' && typeof t.arm === 'string';
  return (
    <section aria-labelledby="subject-heading">
      <h1 id="subject-heading">Subject {subjectId}</h1>
      <dl className="facts inline">
        <dt>Enrolled</dt>
        <dd>{t.enrolledOn ?? '—'}</dd>
        <dt>Treated (day 0)</dt>
        <dd>{t.treatedOn ?? '—'}</dd>
        {t.withdrawnOn && (
          <>
            <dt>Withdrawn</dt>
            <dd>{t.withdrawnOn}</dd>
          </>
        )}
        {showArm && (
          <>
            <dt>Arm</dt>
            <dd data-testid="subject-arm">{t.arm}</dd>
          </>
        )}
      </dl>
      <Chart
        option={option.option}
        height={Math.max(260, 70 + option.lanes * 34)}
        label={`Swimmer chart of subject ${subjectId} by study day`}
        testId="swimmer-chart"
        onClick={(params) => {
          const alertId = (params.data as { alertId?: string } | undefined)?.alertId;
          if (alertId) navigate(paths.alert(trialId, alertId));
        }}
      />
      <p className="muted">
        Bars: adverse events from onset to resolution (open-ended: to the last recorded day), colour = CTCAE grade, red outline = serious.
        Click an alert to open it.
      </p>
      <h2>Entries</h2>
      <table aria-label="Timeline entries">
        <thead>
          <tr>
            <th scope="col">Study day</th>
            <th scope="col">Date</th>
            <th scope="col">What</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {t.entries.map((e, i) => (
            <tr key={i}>
              <td>{e.studyDay ?? '—'}</td>
              <td>{e.date ?? e.time.slice(0, 10)}</td>
              <td>{e.kind}</td>
              <td>
                {e.kind === 'alert' && typeof e.alertId === 'string' ? (
                  <Link to={paths.alert(trialId, e.alertId)}>{describe(e)}</Link>
                ) : (
                  describe(e)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function describe(e: Entry): string {
  switch (e.kind) {
    case 'treatment':
      return [e.product, e.dose, e.route].filter(Boolean).join(' · ') || 'treatment';
    case 'visit': {
      const labs = (e.labs as Lab[] | undefined) ?? [];
      const labText = labs.map(
        (l) => `${l.test} ${l.value}${l.unit ? ` ${l.unit}` : ''}${l.uln ? ` (${(l.value / l.uln).toFixed(1)}×ULN)` : ''}`,
      );
      return [`${e.visitCode}${e.current === false ? ' (replaced record)' : ''}`, ...labText].join('; ');
    }
    case 'missed-visit':
      return `${e.visitCode} missed${e.reason ? `: ${e.reason}` : ''}`;
    case 'adverse-event':
      return `${e.aeId} v${e.version}: ${e.pt ?? e.term}, grade ${e.grade}${e.serious ? ', serious' : ''}, ${e.causality ?? ''}${e.current === false ? ' (superseded)' : ''}`;
    case 'alert':
      return `${e.severity} ${e.title} (${e.status})`;
    default:
      return typeof e.reason === 'string' ? e.reason : '';
  }
}

function swimmerOption(t: Timeline, compliance: VisitCompliance | undefined) {
  const lanes: string[] = ['Treatment', 'Visits'];
  const lane = (name: string) => {
    if (!lanes.includes(name)) lanes.push(name);
    return lanes.indexOf(name);
  };
  const days = t.entries.map((e) => e.studyDay).filter((d): d is number => d !== null);
  const lastDay = Math.max(0, ...days);
  const treatment: unknown[] = [];
  const visits: unknown[] = [];
  const missed: unknown[] = [];
  const aeBars: unknown[] = [];
  const labs: unknown[] = [];
  const alerts: unknown[] = [];

  for (const e of t.entries) {
    if (e.kind === 'treatment' && e.studyDay !== null) treatment.push({ value: [e.studyDay, 0], name: 'treatment' });
    if (e.kind === 'visit' && e.studyDay !== null && e.current !== false) {
      visits.push({ value: [e.studyDay, 1], name: String(e.visitCode) });
      for (const l of (e.labs as Lab[] | undefined) ?? []) {
        const xUln = l.uln ? l.value / l.uln : undefined;
        const abnormal = (l.grade ?? 0) > 0 || (xUln ?? 0) > 1 || (l.lln !== undefined && l.value < l.lln);
        // A lane per abnormal test; results within limits share one lane, so the chart stays readable.
        labs.push({
          value: [e.studyDay, lane(abnormal ? `Lab ${l.test}` : 'Labs within limits')],
          name: `${l.test} ${l.value}${l.unit ? ` ${l.unit}` : ''}${xUln ? ` = ${xUln.toFixed(1)}×ULN` : ''}${l.grade ? `, grade ${l.grade}` : ''}`,
          itemStyle: { color: l.grade ? GRADE_COLOURS[String(Math.min(5, l.grade))] : abnormal ? '#e6550d' : '#74c476' },
        });
      }
    }
    if (e.kind === 'missed-visit')
      missed.push({ value: [e.studyDay ?? dayOf(t.treatedOn, e.time) ?? 0, 1], name: `${e.visitCode} missed` });
    if (e.kind === 'adverse-event' && e.current !== false) {
      const start = dayOf(t.treatedOn, e.onsetDate as string) ?? e.studyDay ?? 0;
      const end = dayOf(t.treatedOn, e.endDate as string | null) ?? Math.max(lastDay, start);
      aeBars.push({
        value: [lane(`AE ${e.pt ?? e.term}`), start, Math.max(end, start + 0.5)],
        name: `${e.aeId}: ${e.pt ?? e.term}, grade ${e.grade}${e.serious ? ' (serious)' : ''}`,
        grade: e.grade,
        serious: e.serious === true,
      });
    }
    if (e.kind === 'alert' && e.studyDay !== null) {
      alerts.push({
        value: [e.studyDay, 0],
        name: `${e.severity}: ${e.title}`,
        alertId: e.alertId,
        itemStyle: { color: SEVERITY_COLOURS[String(e.severity)] ?? '#555' },
      });
    }
  }
  const alertLane = lane('Alerts');
  for (const a of alerts as { value: number[] }[]) a.value[1] = alertLane;
  const windowBars = (compliance?.items ?? []).map((w) => ({
    value: [1, w.earliestDay, w.latestDay + 0.999],
    name: `${w.visitCode} window: day ${w.earliestDay}–${w.latestDay}`,
  }));

  const band = (api: BarApi, colour: string, outline?: string, heightShare = 0.6) => {
    const y = api.value(0);
    const start = api.coord([api.value(1), y]);
    const end = api.coord([api.value(2), y]);
    const height = (api.size([0, 1]) as number[])[1] * heightShare;
    return {
      type: 'rect',
      shape: { x: start[0], y: start[1] - height / 2, width: Math.max(3, end[0] - start[0]), height },
      style: { fill: colour, stroke: outline ?? undefined, lineWidth: outline ? 3 : 0 },
    };
  };

  return {
    lanes: lanes.length,
    option: {
      animation: false,
      tooltip: { trigger: 'item', formatter: (p: { name: string }) => p.name },
      grid: { left: 200, right: 30, top: 20, bottom: 50 },
      xAxis: {
        type: 'value',
        name: 'Study day',
        nameLocation: 'middle',
        nameGap: 28,
        min: (v: { min: number }) => Math.min(-1, Math.floor(v.min) - 1),
      },
      yAxis: { type: 'category', data: lanes, inverse: true, axisLabel: { width: 180, overflow: 'truncate' } },
      series: [
        {
          type: 'custom',
          name: 'Visit windows',
          renderItem: (_: unknown, api: BarApi) => band(api, 'rgba(43,108,176,0.15)', undefined, 0.8),
          encode: { x: [1, 2], y: 0 },
          data: windowBars,
          z: 1,
        },
        {
          type: 'custom',
          name: 'Adverse events',
          renderItem: (params: { dataIndex: number }, api: BarApi) => {
            const bar = aeBars[params.dataIndex] as { grade: number; serious: boolean };
            return band(api, GRADE_COLOURS[String(bar.grade)] ?? '#999', bar.serious ? '#c00' : undefined);
          },
          encode: { x: [1, 2], y: 0 },
          data: aeBars,
          z: 2,
        },
        { type: 'scatter', name: 'Treatment', data: treatment, symbol: 'diamond', symbolSize: 16, itemStyle: { color: '#6b46c1' } },
        {
          type: 'scatter',
          name: 'Visits',
          data: visits,
          symbolSize: 12,
          itemStyle: { color: '#2b6cb0' },
          label: { show: true, position: 'top', formatter: (p: { name: string }) => p.name, fontSize: 10 },
        },
        { type: 'scatter', name: 'Missed visits', data: missed, symbol: 'emptyCircle', symbolSize: 12, itemStyle: { color: '#c00' } },
        { type: 'scatter', name: 'Labs', data: labs, symbol: 'rect', symbolSize: 11 },
        { type: 'scatter', name: 'Alerts', data: alerts, symbol: 'triangle', symbolSize: 16, cursor: 'pointer' },
      ],
    },
  };
}

interface BarApi {
  value: (dimension: number) => number;
  coord: (point: number[]) => number[];
  size: (point: number[]) => number[] | number;
}

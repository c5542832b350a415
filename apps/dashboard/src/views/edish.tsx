import { useMemo } from 'react';
import { useApp } from '../app-context';
import { Chart, type ChartInstance } from '../chart';
import { ErrorNote, Link, Loading } from '../components';
import { paths } from '../routes';
import { useApi } from '../use-api';

interface Peak {
  xUln: number;
  value: number;
  uln: number;
  unit?: string;
  date: string;
  visitCode: string;
}
interface SubjectPeaks {
  subjectId: string;
  arm?: string;
  alt?: Peak;
  ast?: Peak;
  bili?: Peak;
  alp?: Peak;
  transaminaseXUln: number | null;
  biliXUln: number | null;
  hysLaw: boolean;
  hysLawAlertId?: string;
}
interface LabPeaks {
  items: SubjectPeaks[];
  thresholds: { transaminaseXUln: number; biliXUln: number };
}

/**
 * eDISH (evaluation of drug-induced serious hepatotoxicity): per subject, peak ALT or AST ×ULN against
 * peak total bilirubin ×ULN on log axes, with the protocol's thresholds as lines; the upper-right quadrant
 * is potential Hy's law. Hy's-law subjects are drawn large and red; a click opens the subject's timeline.
 * The chart's pixel positions are published on the chart element (data-points) so tests can check placement.
 */
export function Edish({ trialId }: { trialId: string }) {
  const { navigate } = useApp();
  const peaks = useApi<LabPeaks>(`/api/trials/${encodeURIComponent(trialId)}/lab-peaks`);
  const data = peaks.data;
  const option = useMemo(() => (data ? edishOption(data) : undefined), [data]);
  if (peaks.error !== undefined) return <ErrorNote error={peaks.error} />;
  if (!data || !option) return <Loading what="lab peaks" />;
  const plotted = data.items.filter(isPlotted);
  return (
    <section aria-labelledby="edish-heading">
      <h1 id="edish-heading">eDISH — {trialId}</h1>
      <p>
        Peak transaminase (ALT or AST) ×ULN against peak total bilirubin ×ULN, per subject. Lines at {data.thresholds.transaminaseXUln}×ULN
        and {data.thresholds.biliXUln}×ULN; upper right: potential Hy’s law.
      </p>
      <Chart
        option={option}
        label="eDISH scatter: peak transaminase times ULN against peak bilirubin times ULN, log axes"
        height={480}
        testId="edish-chart"
        onClick={(params) => {
          const subjectId = (params.data as { subjectId?: string } | undefined)?.subjectId;
          if (subjectId) navigate(paths.subject(trialId, subjectId));
        }}
        onRendered={(chart, element) => publishPixels(chart, element, data, plotted)}
      />
      <h2>Subjects</h2>
      <table aria-label="Peak liver tests per subject">
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">Peak ALT/AST ×ULN</th>
            <th scope="col">Peak bilirubin ×ULN</th>
            <th scope="col">Hy’s law</th>
          </tr>
        </thead>
        <tbody>
          {[...data.items]
            .sort((a, b) => Number(b.hysLaw) - Number(a.hysLaw) || (b.transaminaseXUln ?? 0) - (a.transaminaseXUln ?? 0))
            .map((s) => (
              <tr key={s.subjectId} className={s.hysLaw ? 'hys-law' : undefined}>
                <td>
                  <Link to={paths.subject(trialId, s.subjectId)}>{s.subjectId}</Link>
                </td>
                <td>{s.transaminaseXUln?.toFixed(2) ?? '—'}</td>
                <td>{s.biliXUln?.toFixed(2) ?? '—'}</td>
                <td>{s.hysLaw ? s.hysLawAlertId ? <Link to={paths.alert(trialId, s.hysLawAlertId)}>yes (alert)</Link> : 'yes' : 'no'}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  );
}

const isPlotted = (s: SubjectPeaks) => (s.transaminaseXUln ?? 0) > 0 && (s.biliXUln ?? 0) > 0;

function edishOption(data: LabPeaks) {
  const plotted = data.items.filter(isPlotted);
  const point = (s: SubjectPeaks) => ({ value: [s.transaminaseXUln, s.biliXUln], subjectId: s.subjectId, name: s.subjectId });
  const values = plotted.flatMap((s) => [s.transaminaseXUln as number, s.biliXUln as number]);
  const min = Math.min(0.1, ...values.map((v) => v / 1.5));
  const max = Math.max(20, ...values.map((v) => v * 1.5));
  const { transaminaseXUln: tx, biliXUln: bx } = data.thresholds;
  return {
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: { subjectId: string; value: number[] } }) =>
        `${p.data.subjectId}: ALT/AST ${p.data.value[0].toFixed(2)}×ULN, bilirubin ${p.data.value[1].toFixed(2)}×ULN`,
    },
    legend: { top: 0 },
    grid: { left: 70, right: 70, top: 40, bottom: 60 },
    xAxis: { type: 'log', name: 'Peak ALT or AST (×ULN)', nameLocation: 'middle', nameGap: 32, min, max, logBase: 10 },
    yAxis: { type: 'log', name: 'Peak total bilirubin (×ULN)', nameLocation: 'middle', nameGap: 45, min, max, logBase: 10 },
    series: [
      {
        type: 'scatter',
        name: 'Subjects',
        symbolSize: 10,
        itemStyle: { color: '#2b6cb0', opacity: 0.8 },
        data: plotted.filter((s) => !s.hysLaw).map(point),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#555' },
          label: { formatter: (p: { name: string }) => p.name },
          data: [
            { xAxis: tx, name: `${tx}×ULN` },
            { yAxis: bx, name: `${bx}×ULN` },
          ],
        },
      },
      {
        type: 'scatter',
        name: 'Hy’s law',
        symbolSize: 18,
        symbol: 'diamond',
        itemStyle: { color: '#c00', borderColor: '#000', borderWidth: 1 },
        data: plotted.filter((s) => s.hysLaw).map(point),
        cursor: 'pointer',
        z: 5,
      },
    ],
  };
}

/** Where each subject and the threshold lines are drawn, in pixels within the chart element. */
function publishPixels(chart: ChartInstance, element: HTMLDivElement, data: LabPeaks, plotted: SubjectPeaks[]) {
  const at = (x: number, y: number) => chart.convertToPixel({ gridIndex: 0 }, [x, y]) as number[] | undefined;
  const threshold = at(data.thresholds.transaminaseXUln, data.thresholds.biliXUln);
  const points = plotted.map((s) => {
    const pixel = at(s.transaminaseXUln as number, s.biliXUln as number);
    return { subjectId: s.subjectId, hysLaw: s.hysLaw, x: pixel?.[0], y: pixel?.[1] };
  });
  element.dataset.threshold = JSON.stringify({ x: threshold?.[0], y: threshold?.[1] });
  element.dataset.points = JSON.stringify(points);
}

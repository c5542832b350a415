import { useMemo } from 'react';
import { Chart } from '../chart';
import { ErrorNote, Link, Loading } from '../components';
import { paths } from '../routes';
import { useApi } from '../use-api';

export interface VisitCompliance {
  items: {
    visitCode: string;
    nominalDay: number;
    earliestDay: number;
    latestDay: number;
    expected: number;
    inWindow: number;
    outOfWindow: number;
    missed: number;
    overdue: number;
    notYetDue: number;
  }[];
}
interface StoppingRules {
  items: { ruleId: string; description: string; threshold: number; count: number; met: boolean; alertId?: string; status?: string }[];
}

const STATES = [
  { key: 'inWindow', label: 'In window', colour: '#2f855a' },
  { key: 'outOfWindow', label: 'Out of window', colour: '#d69e2e' },
  { key: 'missed', label: 'Missed', colour: '#c53030' },
  { key: 'overdue', label: 'Overdue', colour: '#9b2c2c' },
  { key: 'notYetDue', label: 'Not yet due', colour: '#a0aec0' },
] as const;

/** Visit compliance per visit code, and each stopping rule's progress toward its threshold. */
export function Visits({ trialId }: { trialId: string }) {
  const compliance = useApi<VisitCompliance>(`/api/trials/${encodeURIComponent(trialId)}/visit-compliance`);
  const rules = useApi<StoppingRules>(`/api/trials/${encodeURIComponent(trialId)}/stopping-rules`);
  const option = useMemo(() => (compliance.data ? complianceOption(compliance.data) : undefined), [compliance.data]);
  return (
    <section aria-labelledby="visits-heading">
      <h1 id="visits-heading">Visits and stopping rules — {trialId}</h1>
      <h2>Visit compliance</h2>
      {compliance.error !== undefined && <ErrorNote error={compliance.error} />}
      {!compliance.data && compliance.error === undefined && <Loading what="visit compliance" />}
      {compliance.data && option && (
        <>
          <Chart
            option={option}
            label="Visits per visit code: in window, out of window, missed, overdue, not yet due"
            height={Math.max(220, 70 + compliance.data.items.length * 30)}
          />
          <table aria-label="Visit compliance per visit code">
            <thead>
              <tr>
                <th scope="col">Visit</th>
                <th scope="col">Window (study day)</th>
                <th scope="col">Expected</th>
                {STATES.map((s) => (
                  <th scope="col" key={s.key}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {compliance.data.items.map((v) => (
                <tr key={v.visitCode}>
                  <th scope="row">{v.visitCode}</th>
                  <td>
                    {v.nominalDay} ({v.earliestDay}…{v.latestDay})
                  </td>
                  <td>{v.expected}</td>
                  {STATES.map((s) => (
                    <td key={s.key} className={(s.key === 'missed' || s.key === 'overdue') && v[s.key] > 0 ? 'overdue' : undefined}>
                      {v[s.key]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h2>Stopping rules</h2>
      {rules.error !== undefined && <ErrorNote error={rules.error} />}
      {!rules.data && rules.error === undefined && <Loading what="stopping rules" />}
      {rules.data && (
        <table aria-label="Stopping rules">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Progress</th>
              <th scope="col">Met</th>
              <th scope="col">Alert</th>
            </tr>
          </thead>
          <tbody>
            {rules.data.items.map((r) => (
              <tr key={r.ruleId} className={r.met ? 'hys-law' : undefined}>
                <th scope="row">
                  {r.ruleId}
                  <div className="muted">{r.description}</div>
                </th>
                <td>
                  <progress
                    max={r.threshold}
                    value={Math.min(r.count, r.threshold)}
                    aria-label={`${r.ruleId}: ${r.count} of ${r.threshold}`}
                  />{' '}
                  {r.count} / {r.threshold}
                </td>
                <td>{r.met ? <strong className="overdue">met</strong> : 'not met'}</td>
                <td>{r.alertId ? <Link to={paths.alert(trialId, r.alertId)}>{r.status ?? 'alert'}</Link> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function complianceOption(data: VisitCompliance) {
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 90, right: 30, top: 30, bottom: 30 },
    xAxis: { type: 'value', name: 'Subjects', minInterval: 1 },
    yAxis: { type: 'category', data: data.items.map((v) => v.visitCode), inverse: true },
    series: STATES.map((s) => ({
      type: 'bar',
      stack: 'visits',
      name: s.label,
      itemStyle: { color: s.colour },
      data: data.items.map((v) => v[s.key]),
    })),
  };
}

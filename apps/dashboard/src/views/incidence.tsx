import { useMemo, useState } from 'react';
import { useApp } from '../app-context';
import { Chart } from '../chart';
import { ErrorNote, Loading } from '../components';
import { GRADE_COLOURS } from '../format';
import { useApi } from '../use-api';

type Grades = Record<'1' | '2' | '3' | '4' | '5', number>;
interface Counts {
  events: number;
  subjects: number;
  byWorstGrade: Grades;
  byRelatedness: { related: number; notRelated: number };
  serious: number;
}
interface Pt extends Counts {
  pt: string;
  ptCode?: string;
}
interface Soc extends Counts {
  soc: string;
  socCode?: string;
  terms: Pt[];
}
interface Breakdown {
  enrolledSubjects: number;
  totals: Counts & { aes: number; subjectsWithAe: number };
  socs: Soc[];
}
interface Summary extends Breakdown {
  asOf?: string;
  relatedThreshold?: string;
  byArm?: Record<string, Breakdown>;
}

const GRADES = ['1', '2', '3', '4', '5'] as const;

/**
 * AE incidence: SOC → PT × worst grade × relatedness, subjects counted once at their worst grade. The DSMB's
 * answer carries a breakdown by arm; a sponsor's never does, and this screen never asks for or shows one.
 */
export function Incidence({ trialId }: { trialId: string }) {
  const { session } = useApp();
  const summary = useApi<Summary>(`/api/trials/${encodeURIComponent(trialId)}/summary`);
  const [arm, setArm] = useState('');
  const arms = session.role !== 'sponsor' && summary.data?.byArm ? Object.keys(summary.data.byArm).sort() : [];
  const shown: Breakdown | undefined = arm && summary.data?.byArm?.[arm] ? summary.data.byArm[arm] : summary.data;
  const option = useMemo(() => (shown ? incidenceOption(shown) : undefined), [shown]);
  if (summary.error !== undefined) return <ErrorNote error={summary.error} />;
  if (!summary.data || !shown || !option) return <Loading what="the AE summary" />;
  return (
    <section aria-labelledby="incidence-heading">
      <h1 id="incidence-heading">AE incidence — {trialId}</h1>
      {arms.length > 0 && (
        <p className="field">
          <label htmlFor="arm-select">Arm (DSMB only)</label>
          <select id="arm-select" value={arm} onChange={(e) => setArm(e.target.value)}>
            <option value="">All subjects</option>
            {arms.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </p>
      )}
      {arms.length > 0 && summary.data.byArm && (
        <table aria-label="Subjects by arm (DSMB only)" className="by-arm">
          <thead>
            <tr>
              <th scope="col">Arm</th>
              <th scope="col">Enrolled</th>
              <th scope="col">With an AE</th>
              <th scope="col">AEs</th>
              <th scope="col">Serious</th>
            </tr>
          </thead>
          <tbody>
            {arms.map((a) => {
              const b = summary.data?.byArm?.[a] as Breakdown;
              return (
                <tr key={a}>
                  <th scope="row">{a}</th>
                  <td>{b.enrolledSubjects}</td>
                  <td>{b.totals.subjectsWithAe}</td>
                  <td>{b.totals.aes}</td>
                  <td>{b.totals.serious}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p>
        {shown.enrolledSubjects} enrolled; {shown.totals.subjectsWithAe} with an AE ({shown.totals.aes} AEs, {shown.totals.serious}{' '}
        serious).
        {summary.data.relatedThreshold && <> Related = causality at or above “{summary.data.relatedThreshold}”.</>}
      </p>
      <Chart
        option={option}
        label="Subjects with an AE per system organ class, by worst grade"
        height={Math.max(240, 60 + shown.socs.length * 32)}
        testId="incidence-chart"
      />
      <table aria-label="AE incidence by SOC and preferred term">
        <thead>
          <tr>
            <th scope="col">SOC / preferred term</th>
            <th scope="col">Subjects</th>
            <th scope="col">Events</th>
            {GRADES.map((g) => (
              <th scope="col" key={g}>
                Gr {g}
              </th>
            ))}
            <th scope="col">Related</th>
            <th scope="col">Not related</th>
            <th scope="col">Serious</th>
          </tr>
        </thead>
        <tbody>
          {shown.socs.flatMap((soc) => [
            <Row key={soc.soc} name={soc.soc} counts={soc} soc />,
            ...soc.terms.map((pt) => <Row key={`${soc.soc}/${pt.pt}`} name={pt.pt} counts={pt} />),
          ])}
        </tbody>
      </table>
    </section>
  );
}

function Row({ name, counts, soc }: { name: string; counts: Counts; soc?: boolean }) {
  return (
    <tr className={soc ? 'soc-row' : undefined}>
      <th scope="row" className={soc ? undefined : 'pt'}>
        {name}
      </th>
      <td>{counts.subjects}</td>
      <td>{counts.events}</td>
      {GRADES.map((g) => (
        <td key={g}>{counts.byWorstGrade[g] || ''}</td>
      ))}
      <td>{counts.byRelatedness.related}</td>
      <td>{counts.byRelatedness.notRelated}</td>
      <td>{counts.serious}</td>
    </tr>
  );
}

function incidenceOption(b: Breakdown) {
  const socs = b.socs.map((s) => s.soc);
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 280, right: 30, top: 30, bottom: 30 },
    xAxis: { type: 'value', name: 'Subjects', minInterval: 1 },
    yAxis: { type: 'category', data: socs, inverse: true, axisLabel: { width: 260, overflow: 'truncate' } },
    series: GRADES.map((g) => ({
      type: 'bar',
      stack: 'grade',
      name: `Grade ${g}`,
      itemStyle: { color: GRADE_COLOURS[g] },
      data: b.socs.map((s) => s.byWorstGrade[g] ?? 0),
    })),
  };
}

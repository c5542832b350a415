import { describeError } from '../api';
import { useApp } from '../app-context';
import { ErrorNote, Link, Loading } from '../components';
import { SEVERITIES } from '../format';
import { paths } from '../routes';
import { useApi } from '../use-api';

interface SeverityCounts {
  low: number;
  medium: number;
  high: number;
  critical: number;
}
interface TrialOverview {
  trialId: string;
  subjects?: number;
  openAlerts: SeverityCounts;
  acknowledgedAlerts?: SeverityCounts;
}
export interface ClockItem {
  alertId: string;
  subjectId?: string;
  kind: string;
  severity: string;
  status: string;
  title: string;
  dueBy: string;
  overdue: boolean;
}
export interface Clocks {
  now: string;
  items: ClockItem[];
}

const DAY_MS = 24 * 3600 * 1000;

/** Per trial: subjects, open alerts by severity, clocks due in the next 24 h and overdue. */
export function Overview() {
  const trials = useApi<{ items: TrialOverview[]; asOf?: string }>('/api/trials');
  return (
    <section aria-labelledby="overview-heading">
      <h1 id="overview-heading">Trials</h1>
      {trials.loading && !trials.data && <Loading what="trials" />}
      {trials.error !== undefined && <ErrorNote error={trials.error} />}
      {trials.data && trials.data.items.length === 0 && <p>No trials yet (or none your token gives access to).</p>}
      <div className="cards">
        {trials.data?.items.map((trial) => (
          <TrialCard key={trial.trialId} trial={trial} />
        ))}
      </div>
    </section>
  );
}

function TrialCard({ trial }: { trial: TrialOverview }) {
  const { navigate } = useApp();
  const clocks = useApi<Clocks>(`/api/trials/${encodeURIComponent(trial.trialId)}/clocks`);
  const now = clocks.data ? Date.parse(clocks.data.now) : Date.now();
  const open = clocks.data?.items.filter((c) => c.status === 'open' || c.status === 'acknowledged') ?? [];
  const overdue = open.filter((c) => c.overdue);
  const dueSoon = open.filter((c) => !c.overdue && Date.parse(c.dueBy) - now <= DAY_MS);
  const totalOpen = SEVERITIES.reduce((sum, s) => sum + (trial.openAlerts[s] ?? 0), 0);
  return (
    <article className="card" aria-labelledby={`trial-${trial.trialId}`}>
      <h2 id={`trial-${trial.trialId}`}>
        <Link to={paths.inbox(trial.trialId)}>{trial.trialId}</Link>
      </h2>
      <dl className="figures">
        <div>
          <dt>Subjects</dt>
          <dd>{trial.subjects ?? '—'}</dd>
        </div>
        <div>
          <dt>Open alerts</dt>
          <dd>{totalOpen}</dd>
        </div>
        {SEVERITIES.map((s) => (
          <div key={s}>
            <dt>{s}</dt>
            <dd className={s === 'critical' && trial.openAlerts[s] > 0 ? 'overdue' : undefined}>{trial.openAlerts[s] ?? 0}</dd>
          </div>
        ))}
      </dl>
      <h3>Clocks</h3>
      {clocks.error !== undefined ? (
        <p className="muted">Clocks unavailable: {describeError(clocks.error)}</p>
      ) : clocks.data ? (
        <ul className="clock-list">
          <li className={overdue.length ? 'overdue' : undefined}>{overdue.length} overdue</li>
          <li>{dueSoon.length} due in the next 24 h</li>
          {[...overdue, ...dueSoon].slice(0, 5).map((c) => (
            <li key={c.alertId}>
              <Link to={paths.alert(trial.trialId, c.alertId)}>{c.title}</Link> <span className="muted">due {c.dueBy.slice(0, 16)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <Loading what="clocks" />
      )}
      <nav aria-label={`${trial.trialId} views`} className="card-links">
        <button type="button" onClick={() => navigate(paths.inbox(trial.trialId))}>
          Alert inbox
        </button>
        <button type="button" onClick={() => navigate(paths.incidence(trial.trialId))}>
          AE incidence
        </button>
        <button type="button" onClick={() => navigate(paths.edish(trial.trialId))}>
          eDISH
        </button>
        <button type="button" onClick={() => navigate(paths.visits(trial.trialId))}>
          Visits and stopping rules
        </button>
      </nav>
    </article>
  );
}

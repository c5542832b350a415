import { useState } from 'react';
import type { Alert } from '../alerts';
import { AlertActions, DueBy, ErrorNote, Link, Loading, SeverityBadge } from '../components';
import { formatTime } from '../format';
import { paths } from '../routes';
import { useApi } from '../use-api';

/** One alert: what it is about, its evidence, and its full history (who, when, comment). */
export function AlertDetail({ trialId, alertId }: { trialId: string; alertId: string }) {
  const alert = useApi<Alert>(`/api/trials/${encodeURIComponent(trialId)}/alerts/${encodeURIComponent(alertId)}`);
  // An action answers with the alert after it; the read model may catch up a moment later, so the newer
  // version of the two is shown, and the alert is read again (fresh: not from the API's stale cache).
  const [acted, setActed] = useState<Alert>();
  if (alert.error !== undefined) return <ErrorNote error={alert.error} />;
  if (!alert.data) return <Loading what="the alert" />;
  const a = acted && acted.alertId === alert.data.alertId && acted.version > alert.data.version ? acted : alert.data;
  return (
    <section aria-labelledby="alert-heading">
      <p>
        <Link to={paths.inbox(trialId)}>← Alert inbox</Link>
      </p>
      <h1 id="alert-heading">
        <SeverityBadge severity={a.severity} /> {a.title}
      </h1>
      <dl className="facts">
        <dt>Status</dt>
        <dd data-testid="alert-status">{a.status}</dd>
        <dt>Kind</dt>
        <dd>{a.kind}</dd>
        <dt>Subject</dt>
        <dd>{a.subjectId ? <Link to={paths.subject(trialId, a.subjectId)}>{a.subjectId} (timeline)</Link> : '—'}</dd>
        {a.aeId && (
          <>
            <dt>Adverse event</dt>
            <dd>{a.aeId}</dd>
          </>
        )}
        {a.visitCode && (
          <>
            <dt>Visit</dt>
            <dd>{a.visitCode}</dd>
          </>
        )}
        <dt>Reasons</dt>
        <dd>{a.reasons.join(', ') || '—'}</dd>
        <dt>Raised</dt>
        <dd>{formatTime(a.raisedAt)}</dd>
        <dt>Due</dt>
        <dd>
          <DueBy dueBy={a.dueBy} status={a.status} />
        </dd>
      </dl>
      <AlertActions
        alert={a}
        onDone={(updated) => {
          setActed(updated as Alert);
          alert.reload();
        }}
      />
      <h2>Evidence</h2>
      <Evidence value={a.evidence} />
      <h2>History</h2>
      <table aria-label="Alert history" data-testid="alert-history">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Change</th>
            <th scope="col">Who</th>
            <th scope="col">Status</th>
            <th scope="col">Severity</th>
            <th scope="col">Comment</th>
          </tr>
        </thead>
        <tbody>
          {(a.history ?? []).map((h) => (
            <tr key={`${h.version}-${h.change}-${h.at}`}>
              <td>{formatTime(h.at)}</td>
              <td>{h.change}</td>
              <td>{h.by ? `${h.by}${h.role ? ` (${h.role})` : ''}` : h.causedBy ? 'the monitor' : '—'}</td>
              <td>{h.status}</td>
              <td>{h.severity}</td>
              <td>{h.comment ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Evidence as the API gives it: scalars as a definition list, nested values as readable JSON. */
function Evidence({ value }: { value: unknown }) {
  if (!value || typeof value !== 'object') return <p className="muted">None recorded.</p>;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return <p className="muted">None recorded.</p>;
  return (
    <dl className="facts evidence">
      {entries.map(([key, v]) => (
        <div key={key} className="evidence-row">
          <dt>{key}</dt>
          <dd>{v !== null && typeof v === 'object' ? <pre>{JSON.stringify(v, null, 2)}</pre> : String(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

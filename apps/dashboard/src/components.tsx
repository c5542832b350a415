import { useState, type ReactNode, type MouseEvent } from 'react';
import { apiJson, describeError } from './api';
import { useApp } from './app-context';
import { countdown, SEVERITY_COLOURS } from './format';
import { useNow } from './use-api';

/** An in-app link: a real <a href> (keyboard, middle-click) that navigates without a reload. */
export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const { navigate } = useApp();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className}>
      {children}
    </a>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  return (
    <p className="error" role="alert">
      {describeError(error)}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return <p aria-live="polite">Loading {what} …</p>;
}

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <span className="badge" style={{ background: SEVERITY_COLOURS[severity] ?? '#555' }}>
      {severity}
    </span>
  );
}

export function DueBy({ dueBy, status }: { dueBy?: string; status?: string }) {
  const now = useNow();
  if (!dueBy) return <span>—</span>;
  if (status === 'closed' || status === 'withdrawn') return <span className="muted">was due {dueBy.slice(0, 16).replace('T', ' ')}</span>;
  const { text, overdue } = countdown(dueBy, now);
  return (
    <span className={overdue ? 'overdue' : undefined} title={dueBy}>
      {text}
    </span>
  );
}

export interface AlertLike {
  alertId: string;
  trialId: string;
  status: string;
  version?: number;
}

/** Acknowledge or close an alert with a comment (dsmb and safety officers; never shown to sponsors). */
export function AlertActions({ alert, onDone }: { alert: AlertLike; onDone: (updated: unknown) => void }) {
  const { session } = useApp();
  const [action, setAction] = useState<'acknowledge' | 'close' | undefined>();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  if (session.role === 'sponsor') return null;
  const can = { acknowledge: alert.status === 'open', close: alert.status === 'open' || alert.status === 'acknowledged' };
  if (!can.acknowledge && !can.close) return null;
  const id = `comment-${alert.alertId}`;
  const submit = async () => {
    if (!action) return;
    setBusy(true);
    setError(undefined);
    try {
      const path = `/api/trials/${encodeURIComponent(alert.trialId)}/alerts/${encodeURIComponent(alert.alertId)}/${action}`;
      const updated = await apiJson(path, { token: session.token, method: 'POST', body: { comment } });
      setAction(undefined);
      setComment('');
      onDone(updated);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!action) {
    return (
      <span className="actions">
        {can.acknowledge && (
          <button type="button" onClick={() => setAction('acknowledge')}>
            Acknowledge
          </button>
        )}
        {can.close && (
          <button type="button" onClick={() => setAction('close')}>
            Close
          </button>
        )}
      </span>
    );
  }
  return (
    <form
      className="action-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={id}>Comment ({action === 'acknowledge' ? 'why you acknowledge' : 'why you close'})</label>
      <textarea id={id} value={comment} onChange={(e) => setComment(e.target.value)} required rows={2} autoFocus />
      <span className="actions">
        <button type="submit" disabled={busy || comment.trim() === ''}>
          {action === 'acknowledge' ? 'Confirm acknowledge' : 'Confirm close'}
        </button>
        <button type="button" onClick={() => setAction(undefined)}>
          Cancel
        </button>
      </span>
      {error !== undefined && <ErrorNote error={error} />}
    </form>
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { apiJson, apiUrl } from '../api';
import { useApp } from '../app-context';
import { ALERT_KINDS, ALERT_STATUSES, type Alert } from '../alerts';
import { AlertActions, DueBy, ErrorNote, Link, Loading, SeverityBadge } from '../components';
import { formatTime, SEVERITIES } from '../format';
import { paths } from '../routes';
import { followStream } from '../sse';

interface Filters {
  status: string;
  kind: string;
  severity: string;
  subjectId: string;
}

const PAGE = 50;

/**
 * The alert inbox: filtered, paged by cursor, and live: the trial's notification stream (fetch-streamed SSE)
 * reloads the loaded pages when an alert is raised or changes, and marks what changed.
 */
export function Inbox({ trialId }: { trialId: string }) {
  const { session, asOf } = useApp();
  const [filters, setFilters] = useState<Filters>({ status: '', kind: '', severity: '', subjectId: '' });
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [pages, setPages] = useState(1);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [live, setLive] = useState<'connecting' | 'live' | 'retrying'>('connecting');
  const [changed, setChanged] = useState<Set<string>>(new Set());
  const generation = useRef(0);

  const base = `/api/trials/${encodeURIComponent(trialId)}/alerts`;
  // `fresh` after a change (the user's action, a notification): the API then answers from the current state
  // of its read models, never from a rendering made before the change.
  const load = useCallback(
    async (pageCount: number, fresh = false) => {
      const mine = ++generation.current;
      setLoading(true);
      try {
        const items: Alert[] = [];
        let cursor: string | undefined;
        let next: string | null = null;
        for (let page = 0; page < pageCount; page++) {
          const query = { ...filters, limit: PAGE, cursor };
          const answer = await apiJson<{ items: Alert[]; nextCursor: string | null }>(base, { token: session.token, asOf, query, fresh });
          items.push(...answer.items);
          next = answer.nextCursor;
          if (!next) break;
          cursor = next;
        }
        if (mine !== generation.current) return;
        // An alert the user just acted on stays as the action answered it until the read model caught up.
        setAlerts((shown) => items.map((item) => shown.find((a) => a.alertId === item.alertId && a.version > item.version) ?? item));
        setNextCursor(next);
        setError(undefined);
      } catch (e) {
        if (mine === generation.current) setError(e);
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [base, filters, session.token, asOf],
  );

  useEffect(() => {
    void load(pages);
  }, [load, pages]);

  // Live: follow the notification stream from its current end; each change reloads what is shown.
  const reload = useRef(() => void load(pages, true));
  reload.current = () => void load(pages, true);
  useEffect(() => {
    const controller = new AbortController();
    const feed = `/api/trials/${encodeURIComponent(trialId)}/notifications`;
    void (async () => {
      let after = '0';
      try {
        const tail = await apiJson<{ lastSeq: string }>(feed, {
          token: session.token,
          asOf,
          query: { limit: 1 },
          signal: controller.signal,
        });
        after = tail.lastSeq;
      } catch {
        // the stream still works from the start; the list reload is idempotent
      }
      await followStream(
        {
          url: apiUrl(`${feed}/stream`, {}, asOf),
          token: session.token,
          after,
          onState: (state) => setLive(state),
          onEvent: (event) => {
            try {
              const alertId = (JSON.parse(event.data) as { data?: { alertId?: string } }).data?.alertId;
              if (alertId) setChanged((previous) => new Set(previous).add(alertId));
            } catch {
              // a frame that is not a CloudEvent: reload anyway
            }
            reload.current();
          },
        },
        controller.signal,
      );
    })();
    return () => controller.abort();
  }, [trialId, session.token, asOf]);

  // The action's answer is the alert after it, shown until the list has it: the list is read again at once
  // and when the stream's notification comes (both fresh; the read model may lag the action a moment).
  const patch = (updated: Alert) => {
    setAlerts((shown) => shown.map((a) => (a.alertId === updated.alertId && updated.version > a.version ? updated : a)));
    reload.current();
  };

  const set = (key: keyof Filters) => (value: string) => {
    setPages(1);
    setFilters((previous) => ({ ...previous, [key]: value }));
  };

  return (
    <section aria-labelledby="inbox-heading">
      <h1 id="inbox-heading">Alert inbox — {trialId}</h1>
      <p className="live-state" aria-live="polite" data-testid="live-state">
        {live === 'live'
          ? '● Live: new and changed alerts appear here'
          : live === 'connecting'
            ? 'Connecting to live updates …'
            : 'Live updates interrupted: reconnecting …'}
      </p>
      <form className="filters" aria-label="Alert filters" onSubmit={(e) => e.preventDefault()}>
        <Select label="Status" id="f-status" value={filters.status} options={ALERT_STATUSES} onChange={set('status')} />
        <Select label="Kind" id="f-kind" value={filters.kind} options={ALERT_KINDS} onChange={set('kind')} />
        <Select label="Severity" id="f-severity" value={filters.severity} options={SEVERITIES} onChange={set('severity')} />
        <span className="field">
          <label htmlFor="f-subject">Subject</label>
          <input
            id="f-subject"
            value={filters.subjectId}
            onChange={(e) => set('subjectId')(e.target.value.trim())}
            placeholder="e.g. CK-001"
          />
        </span>
      </form>
      {error !== undefined && <ErrorNote error={error} />}
      {loading && alerts.length === 0 && <Loading what="alerts" />}
      <table className="alerts" aria-label="Alerts">
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Alert</th>
            <th scope="col">Kind</th>
            <th scope="col">Subject</th>
            <th scope="col">Status</th>
            <th scope="col">Raised</th>
            <th scope="col">Due</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => (
            <tr key={alert.alertId} data-alert-id={alert.alertId} className={changed.has(alert.alertId) ? 'changed' : undefined}>
              <td>
                <SeverityBadge severity={alert.severity} />
              </td>
              <td>
                <Link to={paths.alert(trialId, alert.alertId)}>{alert.title}</Link>
                {changed.has(alert.alertId) && <span className="new-mark"> new/updated</span>}
              </td>
              <td>{alert.kind}</td>
              <td>{alert.subjectId ? <Link to={paths.subject(trialId, alert.subjectId)}>{alert.subjectId}</Link> : '—'}</td>
              <td>{alert.status}</td>
              <td>{formatTime(alert.raisedAt)}</td>
              <td>
                <DueBy dueBy={alert.dueBy} status={alert.status} />
              </td>
              <td>
                <AlertActions alert={alert} onDone={(updated) => patch(updated as Alert)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && alerts.length === 0 && error === undefined && <p>No alerts match.</p>}
      {nextCursor && (
        <button type="button" onClick={() => setPages((p) => p + 1)} disabled={loading}>
          Load more
        </button>
      )}
    </section>
  );
}

function Select(props: { label: string; id: string; value: string; options: readonly string[]; onChange: (value: string) => void }) {
  return (
    <span className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">any</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </span>
  );
}

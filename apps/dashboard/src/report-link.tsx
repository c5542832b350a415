import { useState } from 'react';
import { apiRequest, describeError } from './api';
import { useApp } from './app-context';
import { reportVersion } from './session';

/**
 * The DSMB meeting report for the current cut-off (closed for the DSMB, open for everyone else). It needs
 * the bearer token, so it is fetched here and opened as a blob rather than linked directly.
 */
export function ReportLink({ trialId }: { trialId: string }) {
  const { session, asOf } = useApp();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const version = reportVersion(session.role);
  const open = async (format: 'html' | 'pdf') => {
    setBusy(true);
    setError(undefined);
    // Opened before the fetch so that the browser counts it as the click's window (no popup block).
    const target = window.open('', '_blank');
    try {
      const cutoff = asOf ?? new Date().toISOString();
      const response = await apiRequest(`/api/trials/${encodeURIComponent(trialId)}/dsmb-report`, {
        token: session.token,
        query: { cutoff, version, format },
      });
      const url = URL.createObjectURL(await response.blob());
      if (target) target.location.href = url;
      else window.location.href = url;
    } catch (e) {
      target?.close();
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="report-link">
      <button type="button" onClick={() => void open('html')} disabled={busy}>
        DSMB report ({version})
      </button>
      <button type="button" onClick={() => void open('pdf')} disabled={busy}>
        PDF
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

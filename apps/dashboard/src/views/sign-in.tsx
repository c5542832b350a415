import { useEffect, useState } from 'react';
import { readClaims, type Role, type Session } from '../session';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Paste a token (as `npm run mint-token` prints it), or open a link with `#token=<token>` (what `npm run demo`
 * prints). On a loopback address the development sign-in mints one for a chosen role and trials: the API
 * offers it only while it runs with the published development secret.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [role, setRole] = useState<Role>('dsmb');
  const [trials, setTrials] = useState('*');

  const accept = (raw: string) => {
    const session = readClaims(raw);
    if (!session) return setError('That is not a Vigil token (a JWT with a role of dsmb, safety-officer or sponsor).');
    if (session.exp * 1000 <= Date.now()) return setError('That token has expired: mint a new one.');
    onSignedIn(session);
  };

  useEffect(() => {
    const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
    if (match) {
      history.replaceState(null, '', window.location.pathname);
      accept(decodeURIComponent(match[1]));
    }
  }, []);

  const devSignIn = async () => {
    setError(undefined);
    const response = await fetch('/api/dev/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role, trials: trials.split(/[\s,]+/).filter(Boolean) }),
    });
    if (response.status === 404) return setError('Development sign-in is off: this API runs with its own secret. Paste a token.');
    if (!response.ok) return setError(`Development sign-in failed (${response.status}).`);
    accept(((await response.json()) as { token: string }).token);
  };

  return (
    <main className="sign-in">
      <h1>Vigil — DSMB dashboard</h1>
      <form
        aria-labelledby="token-heading"
        onSubmit={(event) => {
          event.preventDefault();
          accept(token);
        }}
      >
        <h2 id="token-heading">Sign in with a token</h2>
        <label htmlFor="token">Bearer token</label>
        <textarea id="token" rows={4} value={token} onChange={(e) => setToken(e.target.value)} spellCheck={false} />
        <button type="submit">Sign in</button>
        <p className="muted">The token stays in this tab (sessionStorage) and is sent as Authorization: Bearer.</p>
      </form>
      {LOOPBACK.test(window.location.hostname) && (
        <form
          aria-labelledby="dev-heading"
          onSubmit={(event) => {
            event.preventDefault();
            void devSignIn();
          }}
        >
          <h2 id="dev-heading">Development sign-in (this machine only)</h2>
          <label htmlFor="dev-role">Role</label>
          <select id="dev-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="dsmb">DSMB member (unblinded)</option>
            <option value="safety-officer">Safety officer</option>
            <option value="sponsor">Sponsor (blinded)</option>
          </select>
          <label htmlFor="dev-trials">Trials (comma-separated, * for all)</label>
          <input id="dev-trials" value={trials} onChange={(e) => setTrials(e.target.value)} />
          <button type="submit">Mint a token and sign in</button>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}

import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { AppContext, useApp, type AppState } from './app-context';
import { Link, Loading } from './components';
import { ReportLink } from './report-link';
import { parseRoute, paths, type Route } from './routes';
import { clearSession, loadSession, saveSession, type Session } from './session';
import { AlertDetail } from './views/alert-detail';
import { Inbox } from './views/inbox';
import { Overview } from './views/overview';
import { SignIn } from './views/sign-in';

// The chart views (and ECharts with them) load on first use: the sign-in page, overview and inbox stay small.
const Edish = lazy(() => import('./views/edish').then((m) => ({ default: m.Edish })));
const Incidence = lazy(() => import('./views/incidence').then((m) => ({ default: m.Incidence })));
const SubjectTimeline = lazy(() => import('./views/subject-timeline').then((m) => ({ default: m.SubjectTimeline })));
const Visits = lazy(() => import('./views/visits').then((m) => ({ default: m.Visits })));

const AS_OF_KEY = 'vigil.asOf';
const ROLE_NAMES = { dsmb: 'DSMB member (unblinded)', 'safety-officer': 'Safety officer', sponsor: 'Sponsor (blinded)' };

export function App() {
  const [session, setSession] = useState<Session | undefined>(() => loadSession());
  const [location, setLocation] = useState(() => window.location.pathname);
  const [asOf, setAsOfState] = useState<string | undefined>(() => sessionStorage.getItem(AS_OF_KEY) ?? undefined);

  useEffect(() => {
    const onPop = () => setLocation(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback((to: string) => {
    if (to !== window.location.pathname) history.pushState(null, '', to);
    setLocation(to);
    window.scrollTo(0, 0);
  }, []);

  const setAsOf = (value: string | undefined) => {
    if (value) sessionStorage.setItem(AS_OF_KEY, value);
    else sessionStorage.removeItem(AS_OF_KEY);
    setAsOfState(value);
  };

  const route = parseRoute(location);
  const state = useMemo<AppState | undefined>(() => (session ? { session, asOf, navigate } : undefined), [session, asOf, navigate]);

  if (!session || !state || route.view === 'sign-in') {
    return (
      <SignIn
        onSignedIn={(s) => {
          saveSession(s);
          setSession(s);
          navigate(route.view === 'sign-in' ? paths.overview() : location);
        }}
      />
    );
  }

  const trialId = 'trialId' in route ? route.trialId : undefined;
  return (
    <AppContext.Provider value={state}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <nav aria-label="Main">
          <Link to={paths.overview()} className="brand">
            Vigil
          </Link>
          {trialId && (
            <>
              <span className="trial-name">{trialId}</span>
              <Link to={paths.inbox(trialId)}>Alerts</Link>
              <Link to={paths.incidence(trialId)}>AE incidence</Link>
              <Link to={paths.edish(trialId)}>eDISH</Link>
              <Link to={paths.visits(trialId)}>Visits &amp; stopping rules</Link>
              <SubjectJump trialId={trialId} />
            </>
          )}
        </nav>
        <div className="session-bar">
          <AsOfControl asOf={asOf} onChange={setAsOf} />
          {trialId && <ReportLink trialId={trialId} />}
          <span className="who" data-testid="who">
            {session.sub} · {ROLE_NAMES[session.role]}
          </span>
          <button
            type="button"
            onClick={() => {
              clearSession();
              setSession(undefined);
              navigate('/sign-in');
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      {asOf && (
        <p className="cutoff-banner" role="status">
          Data cut-off: showing the data as of {asOf.replace('T', ' ').replace(/:00(\.000)?Z$/, ' UTC')}
        </p>
      )}
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what="the view" />}>
          <View route={route} />
        </Suspense>
      </main>
    </AppContext.Provider>
  );
}

function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'overview':
      return <Overview />;
    case 'inbox':
      return <Inbox key={route.trialId} trialId={route.trialId} />;
    case 'alert':
      return <AlertDetail trialId={route.trialId} alertId={route.alertId} />;
    case 'subject':
      return <SubjectTimeline trialId={route.trialId} subjectId={route.subjectId} />;
    case 'incidence':
      return <Incidence trialId={route.trialId} />;
    case 'edish':
      return <Edish trialId={route.trialId} />;
    case 'visits':
      return <Visits trialId={route.trialId} />;
    default:
      return (
        <p>
          No such page. <Link to={paths.overview()}>Back to the trials</Link>
        </p>
      );
  }
}

/** The global data cut-off, in UTC: every data request carries it as `asOf`. */
function AsOfControl({ asOf, onChange }: { asOf?: string; onChange: (value: string | undefined) => void }) {
  const [draft, setDraft] = useState(asOf ? asOf.slice(0, 16) : '');
  useEffect(() => setDraft(asOf ? asOf.slice(0, 16) : ''), [asOf]);
  return (
    <form
      className="as-of"
      onSubmit={(event) => {
        event.preventDefault();
        onChange(draft ? `${draft}:00Z` : undefined);
      }}
    >
      <label htmlFor="as-of">Data cut-off (UTC)</label>
      <input id="as-of" type="datetime-local" value={draft} onChange={(e) => setDraft(e.target.value)} />
      <button type="submit">Apply</button>
      {asOf && (
        <button type="button" onClick={() => onChange(undefined)}>
          Now
        </button>
      )}
    </form>
  );
}

function SubjectJump({ trialId }: { trialId: string }) {
  const [subject, setSubject] = useState('');
  const { navigate } = useApp();
  return (
    <form
      className="subject-jump"
      onSubmit={(event) => {
        event.preventDefault();
        if (subject.trim()) navigate(paths.subject(trialId, subject.trim()));
      }}
    >
      <label htmlFor="subject-jump">Subject</label>
      <input id="subject-jump" value={subject} onChange={(e) => setSubject(e.target.value)} placeholder="subject id" size={10} />
      <button type="submit">Open</button>
    </form>
  );
}

// The dashboard's client routes. The API answers any of these paths with index.html (SPA fallback), so a
// reload or a pasted link opens the same screen.

export type Route =
  | { view: 'sign-in' }
  | { view: 'overview' }
  | { view: 'inbox'; trialId: string }
  | { view: 'alert'; trialId: string; alertId: string }
  | { view: 'subject'; trialId: string; subjectId: string }
  | { view: 'incidence'; trialId: string }
  | { view: 'edish'; trialId: string }
  | { view: 'visits'; trialId: string }
  | { view: 'not-found'; path: string };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { view: 'overview' };
  if (parts[0] === 'sign-in' && parts.length === 1) return { view: 'sign-in' };
  if (parts[0] === 'trials' && parts.length >= 2) {
    const trialId = parts[1];
    const [section, id] = parts.slice(2);
    if (section === undefined || (section === 'alerts' && id === undefined)) return { view: 'inbox', trialId };
    if (section === 'alerts' && parts.length === 4) return { view: 'alert', trialId, alertId: id };
    if (section === 'subjects' && parts.length === 4) return { view: 'subject', trialId, subjectId: id };
    if (section === 'incidence' && parts.length === 3) return { view: 'incidence', trialId };
    if (section === 'edish' && parts.length === 3) return { view: 'edish', trialId };
    if (section === 'visits' && parts.length === 3) return { view: 'visits', trialId };
  }
  return { view: 'not-found', path: pathname };
}

const seg = encodeURIComponent;
export const paths = {
  overview: () => '/',
  inbox: (t: string) => `/trials/${seg(t)}/alerts`,
  alert: (t: string, a: string) => `/trials/${seg(t)}/alerts/${seg(a)}`,
  subject: (t: string, s: string) => `/trials/${seg(t)}/subjects/${seg(s)}`,
  incidence: (t: string) => `/trials/${seg(t)}/incidence`,
  edish: (t: string) => `/trials/${seg(t)}/edish`,
  visits: (t: string) => `/trials/${seg(t)}/visits`,
};

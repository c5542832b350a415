import { parseRoute, paths } from './routes';

describe('dashboard routes', () => {
  it('round-trips every screen, ids with reserved characters included', () => {
    expect(parseRoute(paths.overview())).toEqual({ view: 'overview' });
    expect(parseRoute(paths.inbox('NCT1'))).toEqual({ view: 'inbox', trialId: 'NCT1' });
    expect(parseRoute(paths.alert('NCT1', 'a/b c'))).toEqual({ view: 'alert', trialId: 'NCT1', alertId: 'a/b c' });
    expect(parseRoute(paths.subject('NCT1', 'CK-001'))).toEqual({ view: 'subject', trialId: 'NCT1', subjectId: 'CK-001' });
    expect(parseRoute(paths.edish('NCT1'))).toEqual({ view: 'edish', trialId: 'NCT1' });
    expect(parseRoute(paths.incidence('NCT1'))).toEqual({ view: 'incidence', trialId: 'NCT1' });
    expect(parseRoute(paths.visits('NCT1'))).toEqual({ view: 'visits', trialId: 'NCT1' });
    expect(parseRoute('/sign-in')).toEqual({ view: 'sign-in' });
    expect(parseRoute('/nowhere').view).toBe('not-found');
  });
});

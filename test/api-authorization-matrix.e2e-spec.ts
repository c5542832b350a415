import { asMessage, CELLKINE_TRIAL, cellKine } from './support/cellkine-events';
import { HttpResult, useE2eRun } from './support/e2e-harness';
import { openSse } from './support/api-matrix/sse';
import { badSignatureToken, expiredToken, Role } from './support/api-matrix/tokens';

/**
 * The authorisation matrix of SPEC §5: every role × every endpoint × (own trial, other trial, wildcard,
 * no token, bad signature, expired token), one `it` per cell, against one built monitor and API with data
 * in two trials (so "other trial" is a real trial with alerts, not an unknown id).
 *
 * Requests address CellKine (OWN). "other trial" = a token for the intradiscal cohort only. Acknowledge and
 * close get their own alert per (role, case) that may act, declared in that order, so each answers 200 and
 * never 409; every refused cell aims at one alert that must stay untouched (checked after the matrix).
 */
const OWN = CELLKINE_TRIAL;
const OTHER = 'MSC-INTRADISCAL-33';
const OWN_SUBJECT = 'CK-M01';
const OTHER_SUBJECT = 'ID-M01';

const ROLES: Role[] = ['dsmb', 'sponsor', 'safety-officer'];
const CASES = ['own trial', 'other trial', 'wildcard', 'no token', 'bad signature', 'expired token'] as const;
type Case = (typeof CASES)[number];
const ACTING_ROLES: Role[] = ['dsmb', 'safety-officer'];
const ACTING_CASES: Case[] = ['own trial', 'wildcard'];

/** The AE (hence alert) each acting (role, case) acknowledges and then closes, plus the one nobody may touch. */
const actorAe = (role: Role, kase: Case) => `${OWN_SUBJECT}-AE-${role.toUpperCase()}-${kase === 'own trial' ? 'OWN' : 'ALL'}`;
const UNTOUCHED_AE = `${OWN_SUBJECT}-AE-UNTOUCHED`;
const mayAct = (role: Role, kase: Case) => ACTING_ROLES.includes(role) && ACTING_CASES.includes(kase);

interface Ctx {
  alertIdOf(aeId: string): string;
}

interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  /** Has a `:trialId`: a token for another trial gets 403. */
  trialScoped: boolean;
  /** dsmb and safety-officer only. */
  action?: boolean;
  sse?: boolean;
  accept?: string;
  path(ctx: Ctx, role: Role, kase: Case): string;
  contentType: RegExp;
  /** What a 200 must contain. */
  check?(response: HttpResult, ctx: Ctx, role: Role, kase: Case): void;
}

const trialPath = `/api/trials/${OWN}`;
const actionPath = (what: 'acknowledge' | 'close') => (ctx: Ctx, role: Role, kase: Case) =>
  `${trialPath}/alerts/${ctx.alertIdOf(mayAct(role, kase) ? actorAe(role, kase) : UNTOUCHED_AE)}/${what}`;
/** A trial-scoped read for OWN says nothing about the other trial. */
const nothingOfOther = (response: HttpResult) => {
  expect(response.text).not.toContain(OTHER);
  expect(response.text).not.toContain(OTHER_SUBJECT);
};
const trialIdsOf = (body: any): string[] => {
  const list: any[] = Array.isArray(body) ? body : (body?.items ?? body?.trials ?? []);
  return list.map((t) => t.trialId);
};

// Acknowledge precedes close: the acting cells of close find their alert acknowledged.
const ENDPOINTS: Endpoint[] = [
  {
    name: 'GET /api/trials',
    method: 'GET',
    trialScoped: false,
    path: () => '/api/trials',
    contentType: /application\/json/,
    check: (response, _ctx, _role, kase) => {
      const ids = trialIdsOf(response.body);
      if (kase === 'own trial') expect(ids).toEqual([OWN]);
      if (kase === 'other trial') expect(ids).toEqual([OTHER]);
      if (kase === 'wildcard') expect(ids).toEqual(expect.arrayContaining([OWN, OTHER]));
    },
  },
  {
    name: 'GET alerts',
    method: 'GET',
    trialScoped: true,
    path: () => `${trialPath}/alerts`,
    contentType: /application\/json/,
    check: (response) => {
      expect(response.body.items.length).toBeGreaterThan(0);
      expect(response.body.items.every((a: any) => a.trialId === OWN)).toBe(true);
      nothingOfOther(response);
    },
  },
  {
    name: 'GET alert',
    method: 'GET',
    trialScoped: true,
    path: (ctx) => `${trialPath}/alerts/${ctx.alertIdOf(UNTOUCHED_AE)}`,
    contentType: /application\/json/,
    check: (response, ctx) => expect(response.body).toMatchObject({ alertId: ctx.alertIdOf(UNTOUCHED_AE), trialId: OWN }),
  },
  {
    name: 'GET adverse-events',
    method: 'GET',
    trialScoped: true,
    path: () => `${trialPath}/adverse-events`,
    contentType: /application\/json/,
    check: (response) => {
      expect(response.text).toContain(UNTOUCHED_AE);
      nothingOfOther(response);
    },
  },
  {
    name: 'GET adverse-events CSV',
    method: 'GET',
    trialScoped: true,
    accept: 'text/csv',
    path: () => `${trialPath}/adverse-events?format=csv`,
    contentType: /text\/csv/,
    check: (response) => {
      expect(response.text).toContain(UNTOUCHED_AE);
      nothingOfOther(response);
    },
  },
  {
    name: 'GET timeline',
    method: 'GET',
    trialScoped: true,
    path: () => `${trialPath}/subjects/${OWN_SUBJECT}/timeline`,
    contentType: /application\/json/,
    check: (response) => {
      expect(response.text).toContain(UNTOUCHED_AE);
      nothingOfOther(response);
    },
  },
  {
    name: 'GET summary',
    method: 'GET',
    trialScoped: true,
    path: () => `${trialPath}/summary`,
    contentType: /application\/json/,
    check: (response) => {
      expect(response.text).toContain('Atrial fibrillation');
      nothingOfOther(response);
    },
  },
  {
    name: 'GET lab-peaks',
    method: 'GET',
    trialScoped: true,
    path: () => `${trialPath}/lab-peaks`,
    contentType: /application\/json/,
    check: (response) => {
      expect(response.body).toMatchObject({ items: [], thresholds: { transaminaseXUln: 3, biliXUln: 2 } });
      nothingOfOther(response);
    },
  },
  {
    name: 'GET visit-compliance',
    method: 'GET',
    trialScoped: true,
    path: () => `${trialPath}/visit-compliance`,
    contentType: /application\/json/,
    check: (response) => {
      expect(response.body.items.find((r: any) => r.visitCode === 'M3')).toMatchObject({ expected: 1 });
      nothingOfOther(response);
    },
  },
  {
    name: 'GET stopping-rules',
    method: 'GET',
    trialScoped: true,
    path: () => `${trialPath}/stopping-rules`,
    contentType: /application\/json/,
    check: (response) => {
      expect(response.body.items.map((r: any) => r.ruleId)).toContain('RELATED-SAE');
      nothingOfOther(response);
    },
  },
  {
    name: 'GET clocks',
    method: 'GET',
    trialScoped: true,
    path: () => `${trialPath}/clocks`,
    contentType: /application\/json/,
    check: (response, ctx) => {
      expect(response.text).toContain(ctx.alertIdOf(UNTOUCHED_AE));
      nothingOfOther(response);
    },
  },
  {
    name: 'GET notifications',
    method: 'GET',
    trialScoped: true,
    path: () => `${trialPath}/notifications`,
    contentType: /application\/json/,
    check: (response, ctx) => {
      expect(response.text).toContain(ctx.alertIdOf(UNTOUCHED_AE));
      nothingOfOther(response);
    },
  },
  {
    name: 'GET notifications/stream',
    method: 'GET',
    trialScoped: true,
    sse: true,
    path: () => `${trialPath}/notifications/stream`,
    contentType: /text\/event-stream/,
  },
  {
    name: 'POST acknowledge',
    method: 'POST',
    trialScoped: true,
    action: true,
    path: actionPath('acknowledge'),
    contentType: /application\/json/,
    check: (response) => expect(response.body).toMatchObject({ status: 'acknowledged', trialId: OWN }),
  },
  {
    name: 'POST close',
    method: 'POST',
    trialScoped: true,
    action: true,
    path: actionPath('close'),
    contentType: /application\/json/,
    check: (response) => expect(response.body).toMatchObject({ status: 'closed', trialId: OWN }),
  },
];

function expectedStatus(endpoint: Endpoint, role: Role, kase: Case): number {
  if (kase === 'no token' || kase === 'bad signature' || kase === 'expired token') return 401;
  if (endpoint.trialScoped && kase === 'other trial') return 403;
  if (endpoint.action && role === 'sponsor') return 403;
  return 200;
}

describe('API authorisation matrix (role × endpoint × token case)', () => {
  const run = useE2eRun('api-authz-matrix');
  const tokens = new Map<string, string | undefined>();
  const alertIds = new Map<string, string>();
  const ctx: Ctx = {
    alertIdOf: (aeId) => {
      const id = alertIds.get(aeId);
      if (!id) throw new Error(`no alert for ${aeId} (set-up failed?)`);
      return id;
    },
  };

  beforeAll(async () => {
    await Promise.all([run.startMonitor(), run.startApi()]);
    const minted = ROLES.flatMap(
      (role) =>
        [
          [`${role}/own trial`, run.mintToken({ role, trials: [OWN] })],
          [`${role}/other trial`, run.mintToken({ role, trials: [OTHER] })],
          [`${role}/wildcard`, run.mintToken({ role, trials: ['*'] })],
        ] as const,
    );
    for (const [key, token] of await Promise.all(minted.map(async ([key, token]) => [key, await token] as const))) tokens.set(key, token);
    for (const role of ROLES) {
      tokens.set(`${role}/no token`, undefined);
      tokens.set(`${role}/bad signature`, badSignatureToken(role, [OWN]));
      tokens.set(`${role}/expired token`, expiredToken(role, [OWN], run.jwtSecret));
    }

    // One subject per trial; CellKine's subject has one SAE per acting (role, case) plus the untouched one.
    const otherTrial = { trialId: OTHER, source: 'edc://site/intradiscal-cohort' };
    const ownAes = [UNTOUCHED_AE, ...ACTING_ROLES.flatMap((role) => ACTING_CASES.map((kase) => actorAe(role, kase)))];
    const otherAe = `${OTHER_SUBJECT}-AE-01`;
    await run.produce(
      'visits',
      [
        cellKine.enrolled(OWN_SUBJECT, '2021-01-04'),
        cellKine.treated(OWN_SUBJECT, '2021-01-11'),
        cellKine.enrolled(OTHER_SUBJECT, '2021-01-05', otherTrial),
        cellKine.treated(OTHER_SUBJECT, '2021-01-12', otherTrial),
      ].map(asMessage),
    );
    await run.produce(
      'adverseEvents',
      [
        ...ownAes.map((aeId) => cellKine.seriousAdverseEvent(OWN_SUBJECT, aeId)),
        cellKine.seriousAdverseEvent(OTHER_SUBJECT, otherAe, otherTrial),
      ].map(asMessage),
    );

    const rows = await run.waitFor('an alert for every SAE of both trials, and their notifications in the feed', async () => {
      const found = await run.sql<{ ae_id: string; alert_id: string }>(`select ae_id, alert_id from alerts where ae_id = any($1)`, [
        [...ownAes, otherAe],
      ]);
      const [{ count }] = await run.sql<{ count: number }>(`select count(*)::int as count from notifications`);
      return found.length === ownAes.length + 1 && count >= ownAes.length + 1 ? found : undefined;
    });
    for (const row of rows) alertIds.set(row.ae_id, row.alert_id);
  });

  for (const endpoint of ENDPOINTS) {
    describe(endpoint.name, () => {
      for (const role of ROLES) {
        for (const kase of CASES) {
          const status = expectedStatus(endpoint, role, kase);
          it(`${role} × ${endpoint.name} × ${kase} → ${status}`, async () => {
            const token = tokens.get(`${role}/${kase}`);
            const path = endpoint.path(ctx, role, kase);
            if (endpoint.sse) {
              const stream = await openSse(`${run.apiUrl}${path}`, token === undefined ? {} : { authorization: `Bearer ${token}` });
              try {
                if (stream.status !== 200) await stream.ended(); // an error answer is short: read it whole
                if (stream.status !== status) {
                  throw new Error(`GET ${path} (SSE) answered ${stream.status}, expected ${status}: ${stream.text().slice(0, 300)}`);
                }
                if (status === 200) expect(stream.contentType).toMatch(endpoint.contentType);
                else expect(stream.contentType).toMatch(/^application\/problem\+json/);
              } finally {
                await stream.close();
              }
              return;
            }
            const response = await run.http(path, {
              token,
              method: endpoint.method,
              ...(endpoint.method === 'POST' ? { body: { comment: `${role} acting with ${kase}` } } : {}),
              ...(endpoint.accept ? { headers: { accept: endpoint.accept } } : {}),
            });
            if (response.status !== status) {
              throw new Error(`${endpoint.method} ${path} answered ${response.status}, expected ${status}: ${response.text.slice(0, 300)}`);
            }
            if (status === 401 || status === 403) expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
            if (status === 401) {
              expect(response.body).toMatchObject({ status: 401 });
              if (kase === 'bad signature') expect(response.body.detail).toMatch(/signature/);
              if (kase === 'expired token') expect(response.body.detail).toMatch(/expired/);
            } else if (status === 403) {
              expect(response.body).toMatchObject({ status: 403 });
              expect(response.body.detail).toMatch(kase === 'other trial' ? new RegExp(OWN) : /role sponsor/);
            } else {
              expect(response.headers.get('content-type')).toMatch(endpoint.contentType);
              endpoint.check?.(response, ctx, role, kase);
            }
          });
        }
      }
    });
  }

  describe('after the matrix', () => {
    it('refused acknowledge/close requests changed nothing; each permitted one acted exactly once', async () => {
      const dsmb = tokens.get('dsmb/own trial');
      const untouched = await run.http(`${trialPath}/alerts/${ctx.alertIdOf(UNTOUCHED_AE)}`, { token: dsmb });
      expect(untouched.body).toMatchObject({ status: 'open', version: 1 });
      expect(untouched.body.history.map((h: any) => h.change)).toEqual(['alert.raised']);
      for (const role of ACTING_ROLES) {
        for (const kase of ACTING_CASES) {
          // The read model follows the store (the monitor projects the close): wait for it, not for a sleep.
          const acted = await run.waitFor(`${role} (${kase})'s alert closed in the read model`, async () => {
            const response = await run.http(`${trialPath}/alerts/${ctx.alertIdOf(actorAe(role, kase))}`, { token: dsmb });
            return response.body?.status === 'closed' ? response : undefined;
          });
          expect(acted.body.history.map((h: any) => [h.change, h.comment])).toEqual([
            ['alert.raised', undefined],
            ['alert.acknowledged', `${role} acting with ${kase}`],
            ['alert.closed', `${role} acting with ${kase}`],
          ]);
        }
      }
    });

    it("the other trial's alert was never reachable through CellKine paths", async () => {
      const dsmbOther = tokens.get('dsmb/other trial');
      const otherAlertId = ctx.alertIdOf(`${OTHER_SUBJECT}-AE-01`);
      const wildcard = tokens.get('dsmb/wildcard');
      expect((await run.http(`${trialPath}/alerts/${otherAlertId}`, { token: wildcard })).status).toBe(404);
      expect((await run.http(`/api/trials/${OTHER}/alerts/${otherAlertId}`, { token: dsmbOther })).status).toBe(200);
    });
  });
});

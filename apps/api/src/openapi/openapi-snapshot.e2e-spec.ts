import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useE2eRun } from '../../../../test/support/e2e-harness';

/**
 * The API contract is deliberate: the OpenAPI document the running API serves must equal the committed
 * docs/openapi.json. After an intended change, `npm run openapi:update` and commit the new file.
 */
const COMMITTED = join(__dirname, '../../../../docs/openapi.json');
const UPDATE_HINT =
  'the served /docs-json differs from docs/openapi.json: run `npm run openapi:update` and commit the file if the change is intended';

type Operation = {
  parameters?: { in: string; name: string; schema?: object }[];
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
  security?: unknown[];
};

describe('OpenAPI document (built API, real PostgreSQL)', () => {
  const run = useE2eRun('api-openapi');
  let served: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

  beforeAll(async () => {
    await run.startApi();
    const response = await run.http('/docs-json');
    expect(response.status).toBe(200);
    served = response.body as typeof served;
  });

  it('is the committed docs/openapi.json', () => {
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    if (JSON.stringify(served) !== JSON.stringify(committed)) {
      expect({ hint: UPDATE_HINT, served }).toEqual({ hint: UPDATE_HINT, served: committed });
    }
  });

  it('documents every SPEC §5 route with a response schema and its problem responses', () => {
    const operations = Object.entries(served.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    const api = operations.filter((o) => o.path.startsWith('/api/'));
    expect(api.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort()).toEqual([
      'GET /api/trials',
      'GET /api/trials/{trialId}/adverse-events',
      'GET /api/trials/{trialId}/alerts',
      'GET /api/trials/{trialId}/alerts/{alertId}',
      'GET /api/trials/{trialId}/clocks',
      'GET /api/trials/{trialId}/dsmb-report',
      'GET /api/trials/{trialId}/lab-peaks',
      'GET /api/trials/{trialId}/notifications',
      'GET /api/trials/{trialId}/notifications/stream',
      'GET /api/trials/{trialId}/stopping-rules',
      'GET /api/trials/{trialId}/subjects/{subjectId}/timeline',
      'GET /api/trials/{trialId}/summary',
      'GET /api/trials/{trialId}/visit-compliance',
      'POST /api/dev/tokens',
      'POST /api/trials/{trialId}/alerts/{alertId}/acknowledge',
      'POST /api/trials/{trialId}/alerts/{alertId}/close',
    ]);
    for (const { path, method, op } of api) {
      const where = `${method.toUpperCase()} ${path}`;
      const ok = op.responses['200'];
      expect({ where, ok: Object.values(ok?.content ?? {}).some((c) => c.schema !== undefined) || path.endsWith('/stream') }).toEqual({
        where,
        ok: true,
      });
      // The development sign-in is public (it is how a token is obtained): no 401.
      const needsToken = !path.startsWith('/api/dev/');
      for (const status of ['400', ...(needsToken ? ['401'] : []), '500', ...(path.includes('{trialId}') ? ['403'] : [])]) {
        expect({ where, status, problem: op.responses[status]?.content?.['application/problem+json']?.schema }).toEqual({
          where,
          status,
          problem: { $ref: '#/components/schemas/ProblemDto' },
        });
      }
      for (const parameter of op.parameters ?? [])
        expect({ where, parameter: parameter.name, schema: parameter.schema !== undefined }).toEqual({
          where,
          parameter: parameter.name,
          schema: true,
        });
    }
    expect(served.components.schemas).toHaveProperty('ProblemDto');
  });
});

// The architecture's boundaries, checked by `npm run lint` (and so by `npm test` and CI).
// A violation names its rule; fix the import rather than adding an exception here.
const TEST_FILE = '\\.(spec|int-spec|e2e-spec)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-app-imports-another-app',
      comment: 'An app is deployed on its own; what two apps share belongs in libs/ (a @vigil/* alias).',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-bench-or-test-imports-an-app',
      comment: 'Benchmarks and black-box tests drive the built apps from outside; shared code comes from libs/.',
      severity: 'error',
      from: { path: '^(bench|test)/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-lib-imports-an-app',
      comment: 'Libraries are what apps are built from, never the other way round.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'kafkajs-only-in-messaging',
      comment: 'Everything Kafka-specific stays behind @vigil/messaging (bench/ and test/ may use kafkajs as any client would).',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '^libs/messaging/' },
      to: { path: '(^|/)node_modules/kafkajs/|^kafkajs$' },
    },
    {
      name: 'safety-domain-is-pure',
      comment:
        'The safety rules are pure functions of events: they may use @vigil/contracts, their own files, ajv (schema ' +
        'checks) and node:crypto/node:util (hashing, deep equality) — no framework, database, Kafka client, file or network I/O.',
      severity: 'error',
      from: { path: '^libs/safety-domain/', pathNot: TEST_FILE },
      to: {
        pathNot: ['^libs/(safety-domain|contracts)/', '(^|/)node_modules/ajv/', '^(node:)?(crypto|util)$'],
      },
    },
    {
      name: 'safety-domain-tests-need-no-infrastructure',
      comment: 'Domain tests run without a framework, database or broker (they may read the shipped protocol files).',
      severity: 'error',
      from: { path: `^libs/safety-domain/.*${TEST_FILE}` },
      to: { path: ['^apps/', '(^|/)node_modules/(@nestjs|typeorm|pg|kafkajs)/', '^(node:)?(net|http|https|child_process)$'] },
    },
    {
      name: 'dashboard-talks-to-the-api-over-http',
      comment:
        'The dashboard (apps/dashboard) is a browser bundle: it reaches the server only through HTTP. It may import types ' +
        'from @vigil/contracts (erased at build time) and nothing else from libs/ or Node built-ins.',
      severity: 'error',
      from: { path: '^apps/dashboard/', pathNot: '^apps/dashboard/vite\\.config\\.mts$' },
      to: { path: '^libs/', pathNot: '^libs/contracts/' },
    },
    {
      name: 'dashboard-imports-only-types-from-contracts',
      comment:
        'A value import would bundle server code into the browser: use `import type` from @vigil/contracts. The one ' +
        'exception, libs/contracts/src/output/alerts.ts, imports nothing: its vocabularies (alert kinds, statuses) are bundled as they are.',
      severity: 'error',
      from: { path: '^apps/dashboard/' },
      to: { path: '^libs/contracts/', pathNot: '^libs/contracts/src/output/alerts\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'dashboard-uses-no-node-built-ins',
      comment: 'The dashboard runs in a browser (its Vite config, which runs in Node, is the exception).',
      severity: 'error',
      from: { path: '^apps/dashboard/', pathNot: '^apps/dashboard/vite\\.config\\.mts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes both sides one module in disguise; split out what they share.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.vigil)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.json'],
    },
  },
};

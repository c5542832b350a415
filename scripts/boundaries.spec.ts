import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * The boundary rules of .dependency-cruiser.cjs (what `npm run lint` enforces) against planted violations:
 * a small tree with the repository's layout, cruised once with the real config. Each violation must be
 * reported under its rule's name, and the allowed imports beside them must not be.
 */
const ROOT = path.resolve(__dirname, '..');
const DEPCRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

const PLANTED: Record<string, string> = {
  'apps/api/src/secret.ts': 'export const secret = 1;\n',
  'apps/cli/src/borrow.ts': "import { secret } from '../../api/src/secret';\nexport const borrowed = secret;\n",
  'apps/monitor/src/consume.ts': "import type { KafkaMessage } from 'kafkajs';\nexport type Received = KafkaMessage;\n",
  'apps/monitor/src/allowed.ts': "import { contract } from '@vigil/contracts';\nexport const ok = contract;\n",
  'libs/contracts/src/index.ts': 'export const contract = 1;\n',
  'libs/messaging/src/client.ts': "import { Kafka } from 'kafkajs';\nexport const client = Kafka;\n",
  'libs/read-models/src/reach-up.ts': "import { secret } from '../../../apps/api/src/secret';\nexport const up = secret;\n",
  'libs/safety-domain/src/framework-rule.ts': "import { Injectable } from '@nestjs/common';\nexport const rule = Injectable;\n",
  'libs/safety-domain/src/file-rule.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
  'libs/safety-domain/src/kafka-rule.ts': "import type { KafkaMessage } from 'kafkajs';\nexport type M = KafkaMessage;\n",
  'libs/safety-domain/src/pure-rule.ts':
    "import { contract } from '@vigil/contracts';\nimport { createHash } from 'node:crypto';\nimport { isDeepStrictEqual } from 'node:util';\n" +
    'export const pure = [contract, createHash, isDeepStrictEqual];\n',
  'libs/platform/src/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
  'libs/platform/src/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
  'apps/dashboard/src/server-lib.ts': "import { client } from '../../../libs/messaging/src/client';\nexport const c = client;\n",
  'apps/dashboard/src/value-contract.ts': "import { contract } from '@vigil/contracts';\nexport const v = contract;\n",
  'apps/dashboard/src/node-builtin.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
  'libs/contracts/src/output/alerts.ts': "export const ALERT_KINDS = ['adverse-event'] as const;\n",
  'apps/dashboard/src/alert-vocabulary.ts':
    "import { ALERT_KINDS } from '../../../libs/contracts/src/output/alerts';\nexport const kinds = ALERT_KINDS;\n",
  'apps/dashboard/src/allowed.ts': "import type { contract } from '@vigil/contracts';\nexport type C = typeof contract;\n",
  'apps/dashboard/vite.config.mts': "import path from 'node:path';\nexport default path;\n",
  'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@vigil/*': ['libs/*/src'] } } }),
};

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

function cruise(dir: string): Violation[] {
  let out: string;
  try {
    out = execFileSync(
      process.execPath,
      [DEPCRUISE, 'apps', 'libs', '--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'],
      {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  } catch (error) {
    // Violations make depcruise exit non-zero; its report is still on stdout.
    out = (error as { stdout?: string }).stdout ?? '';
  }
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('boundary rules (.dependency-cruiser.cjs) against planted violations', () => {
  let dir: string;
  let violations: Violation[];
  const rulesFor = (from: string) =>
    violations.filter((v) => v.from === from).map((v) => `${v.rule.name} → ${v.to.replace(/^.*node_modules\//, '')}`);

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-boundaries-'));
    for (const [file, text] of Object.entries(PLANTED)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    violations = cruise(dir);
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an app importing another app', () => {
    expect(rulesFor('apps/cli/src/borrow.ts')).toEqual(['no-app-imports-another-app → apps/api/src/secret.ts']);
  });

  it('kafkajs outside libs/messaging (a type-only import counts), but not inside it', () => {
    expect(rulesFor('apps/monitor/src/consume.ts')).toEqual([expect.stringMatching(/^kafkajs-only-in-messaging → kafkajs\//)]);
    expect(rulesFor('libs/messaging/src/client.ts')).toEqual([]);
  });

  it('a framework, file I/O or Kafka in the safety domain; contracts, crypto and util stay allowed', () => {
    expect(rulesFor('libs/safety-domain/src/framework-rule.ts')).toEqual([
      expect.stringMatching(/^safety-domain-is-pure → @nestjs\/common\//),
    ]);
    expect(rulesFor('libs/safety-domain/src/file-rule.ts')).toEqual(['safety-domain-is-pure → fs']);
    expect(rulesFor('libs/safety-domain/src/kafka-rule.ts').sort()).toEqual([
      expect.stringMatching(/^kafkajs-only-in-messaging → kafkajs\//),
      expect.stringMatching(/^safety-domain-is-pure → kafkajs\//),
    ]);
    expect(rulesFor('libs/safety-domain/src/pure-rule.ts')).toEqual([]);
  });

  it('a lib importing an app, and a cycle', () => {
    expect(rulesFor('libs/read-models/src/reach-up.ts')).toEqual(['no-lib-imports-an-app → apps/api/src/secret.ts']);
    // A cycle is reported once, from whichever of its files is cruised first.
    expect(violations.filter((v) => v.rule.name === 'no-circular').map((v) => v.from)).toEqual([
      expect.stringMatching(/^libs\/platform\/src\/[ab]\.ts$/),
    ]);
  });

  it('the dashboard: a browser bundle that reaches the server only over HTTP', () => {
    expect(rulesFor('apps/dashboard/src/server-lib.ts')).toEqual(['dashboard-talks-to-the-api-over-http → libs/messaging/src/client.ts']);
    expect(rulesFor('apps/dashboard/src/value-contract.ts')).toEqual([
      'dashboard-imports-only-types-from-contracts → libs/contracts/src/index.ts',
    ]);
    expect(rulesFor('apps/dashboard/src/node-builtin.ts')).toEqual(['dashboard-uses-no-node-built-ins → fs']);
    expect(rulesFor('apps/dashboard/src/allowed.ts')).toEqual([]);
    expect(rulesFor('apps/dashboard/src/alert-vocabulary.ts')).toEqual([]); // the contracts' import-free alert module
    expect(rulesFor('apps/dashboard/vite.config.mts')).toEqual([]);
  });

  it('nothing else: an app using a lib through its @vigil alias is fine', () => {
    expect(rulesFor('apps/monitor/src/allowed.ts')).toEqual([]);
    expect(violations).toHaveLength(11);
  });
});

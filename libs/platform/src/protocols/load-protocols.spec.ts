import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadProtocols, ProtocolLoadError } from './load-protocols';

const SHIPPED = resolve(__dirname, '../../../../protocols');
const CELLKINE = readFileSync(join(SHIPPED, 'cellkine-nct04410731.yaml'), 'utf8');

describe('loadProtocols', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'vigil-protocols-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const attempt = () => loadProtocols(dir);
  const messageOf = (): string => {
    try {
      attempt();
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolLoadError);
      return (error as Error).message;
    }
    throw new Error('expected loadProtocols to throw');
  };

  it('loads the three shipped protocols with the visit codes of SPEC §3', () => {
    const protocols = loadProtocols(SHIPPED);
    expect([...protocols.keys()]).toEqual(['NCT04410731', 'MSC-EPIDURAL-IV-48', 'MSC-INTRADISCAL-33']);
    const codes = (id: string) => protocols.get(id)!.visits.map((v) => v.code);
    expect(codes('NCT04410731')).toEqual(['SCREENING', 'DAY0', 'DAY1', 'DAY3_5', 'WEEK2', 'M3', 'M6', 'M12', 'M18', 'M24']);
    expect(codes('MSC-INTRADISCAL-33')).toEqual(['SCREENING', 'DAY0', 'M1', 'M3', 'M6', 'M12', 'M24']);
    expect(codes('MSC-EPIDURAL-IV-48')).toEqual(['SCREENING', 'DAY0', 'M1', 'M3', 'M6', 'M12', 'M18', 'M24']);

    const cellkine = protocols.get('NCT04410731')!;
    expect(cellkine.visits.filter((v) => v.labs).map((v) => v.code)).toEqual(['M3', 'M12', 'M24']);
    expect(cellkine.visits.find((v) => v.code === 'DAY3_5')).toMatchObject({ studyDay: 4, windowBeforeDays: 1, windowAfterDays: 1 });
    expect(cellkine.vitals.feverThresholdC).toBe(38);
    expect(cellkine.targetEnrollment).toBe(10);
    for (const protocol of protocols.values()) {
      // Mn is month n: study day round(30.4 × n).
      for (const visit of protocol.visits.filter((v) => /^M\d+$/.test(v.code))) {
        expect(visit.studyDay).toBe(Math.round(30.4 * Number(visit.code.slice(1))));
      }
      expect(protocol.aesi.find((a) => a.id === 'EARLY-FEVER')?.withinDaysAfterTreatment).toBe(3);
      expect(protocol.stoppingRules.map((r) => r.threshold)).toEqual([1, 1, 2]);
      expect(protocol.exampleChoices.length).toBeGreaterThan(0);
    }
  });

  it('reports a field error with file, path and line, for every broken file at once', () => {
    writeFileSync(
      join(dir, 'a.yaml'),
      CELLKINE.replace('windowBeforeDays: 7, windowAfterDays: 7, labs: true', 'windowBeforeDays: 7, windowAfterDays: -2, labs: true'),
    );
    writeFileSync(
      join(dir, 'b.yml'),
      CELLKINE.replace('trialId: NCT04410731', 'trialId: NCT00000002').replace('causalityThreshold: possibly', 'causalityThreshold: maybe'),
    );
    const message = messageOf();
    const line = CELLKINE.split('\n').findIndex((l) => l.includes('code: M3,')) + 1;
    expect(message).toMatch(/^Invalid protocol files:\n/);
    expect(message).toContain(`  - ${join(dir, 'a.yaml')}: visits[5].windowAfterDays must be an integer >= 0 (got -2) (line ${line})`);
    expect(message).toContain(
      `${join(dir, 'b.yml')}: related.causalityThreshold must be one of not-related, unlikely, possibly, probably, definitely (got "maybe")`,
    );
  });

  it('reports YAML syntax errors with file and line', () => {
    writeFileSync(join(dir, 'broken.yaml'), 'trialId: X\ntitle: [unclosed\nvisits: []\n');
    writeFileSync(join(dir, 'dup.yaml'), 'trialId: X\ntrialId: Y\n');
    const message = messageOf();
    expect(message).toMatch(/broken\.yaml: YAML syntax error at line \d+, column \d+: /);
    expect(message).toContain(`${join(dir, 'dup.yaml')}: YAML syntax error at line 2, column 1: Map keys must be unique`);
  });

  it('rejects two files for the same trial', () => {
    writeFileSync(join(dir, 'one.yaml'), CELLKINE);
    writeFileSync(join(dir, 'two.yaml'), CELLKINE);
    expect(messageOf()).toContain(`${join(dir, 'two.yaml')}: trialId "NCT04410731" is already defined by ${join(dir, 'one.yaml')}`);
  });

  it('names the directory and VIGIL_PROTOCOLS_DIR when there is nothing to load', () => {
    writeFileSync(join(dir, 'README.md'), '# not a protocol');
    expect(messageOf()).toMatch(/no protocol files \(\*\.yaml, \*\.yml\) in ".*": set VIGIL_PROTOCOLS_DIR/);
    expect(() => loadProtocols(join(dir, 'missing'))).toThrow(/protocols directory ".*missing" does not exist: set VIGIL_PROTOCOLS_DIR/);
  });
});

import { rawProtocol } from './protocol-fixture';
import { validateProtocol } from './validate-protocol';

const FILE = 'protocols/cellkine.yaml';

function errorsOf(mutate: (raw: Record<string, any>) => void): string[] {
  const raw = rawProtocol();
  mutate(raw);
  const result = validateProtocol(raw, FILE);
  if (result.ok) throw new Error('expected the protocol to be invalid');
  return result.errors;
}

describe('validateProtocol', () => {
  it('accepts a valid protocol and applies the defaults', () => {
    const result = validateProtocol(rawProtocol(), FILE);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.protocol.related).toEqual({ causalityThreshold: 'possibly' });
    expect(result.protocol.severe).toEqual({ gradeThreshold: 3 });
    // YAML reads unquoted PT codes as numbers; the model always holds strings.
    expect(result.protocol.aesi[0].ptCodes).toEqual(['10037660']);
  });

  it('keeps explicit thresholds and never mutates its input', () => {
    const raw = rawProtocol();
    raw.related = { causalityThreshold: 'probably' };
    raw.severe = { gradeThreshold: 4 };
    const snapshot = JSON.stringify(raw);
    const result = validateProtocol(raw, FILE);
    expect(result.ok && result.protocol.related.causalityThreshold).toBe('probably');
    expect(result.ok && result.protocol.severe.gradeThreshold).toBe(4);
    expect(JSON.stringify(raw)).toBe(snapshot);
  });

  it('blinds only the arm of an open-label trial, and the treatment too of a blinded one', () => {
    const open = validateProtocol(rawProtocol(), FILE);
    expect(open.ok && open.protocol.blinding).toEqual({ blinded: false, fields: ['arm'] });
    const raw = rawProtocol();
    raw.design = 'randomised, double-blind, placebo-controlled';
    raw.blinding = { blinded: true };
    const blinded = validateProtocol(raw, FILE);
    expect(blinded.ok && blinded.protocol.blinding).toEqual({ blinded: true, fields: ['arm', 'product', 'dose', 'route'] });
    raw.blinding = { blinded: true, fields: ['arm', 'product', 'sites'] };
    const declared = validateProtocol(raw, FILE);
    expect(declared.ok && declared.protocol.blinding.fields).toEqual(['arm', 'product', 'sites']);
  });

  it('names the blinding field that is wrong', () => {
    expect(errorsOf((p) => (p.blinding = { blinded: true, fields: ['product', 'dose'] }))).toEqual([
      `${FILE}: blinding.fields must include arm: the arm is always blinded (got product, dose)`,
    ]);
    expect(errorsOf((p) => (p.blinding = { blinded: true, fields: ['arm', 'colour'] }))).toEqual([
      `${FILE}: blinding.fields[1] must be one of arm, product, dose, route, sites (got "colour")`,
    ]);
    expect(errorsOf((p) => (p.blinding = { blinded: 'yes' }))).toEqual([`${FILE}: blinding.blinded must be true or false (got "yes")`]);
    expect(errorsOf((p) => (p.blinding = { fields: ['arm'] }))).toEqual([`${FILE}: blinding.blinded is required`]);
  });

  it('refuses a placebo-controlled or blinded design that does not declare itself blinded', () => {
    expect(errorsOf((p) => (p.design = 'randomised, placebo-controlled'))).toEqual([
      `${FILE}: blinding must be set to { blinded: true }: the design says "randomised, placebo-controlled", so product, dose and route name the arm`,
    ]);
    expect(
      errorsOf((p) => {
        p.design = 'double-blind, sham procedure';
        p.blinding = { blinded: false };
      }),
    ).toEqual([
      `${FILE}: blinding.blinded must be true: the design says "double-blind, sham procedure", so product, dose and route name the arm`,
    ]);
    const open = rawProtocol();
    open.design = 'open label (unblinded), single arm';
    expect(validateProtocol(open, FILE).ok).toBe(true);
  });

  it('names file, field path, rule and the bad value', () => {
    expect(errorsOf((p) => (p.visits[3].windowAfterDays = -2))).toEqual([
      `${FILE}: visits[3].windowAfterDays must be an integer >= 0 (got -2)`,
    ]);
    expect(errorsOf((p) => (p.visits[1].studyDay = 'zero'))).toEqual([
      `${FILE}: visits[1].studyDay must be an integer (days from treatment; negative before it) (got "zero")`,
    ]);
  });

  it('lists the allowed causality values', () => {
    expect(errorsOf((p) => (p.related = { causalityThreshold: 'maybe' }))).toEqual([
      `${FILE}: related.causalityThreshold must be one of not-related, unlikely, possibly, probably, definitely (got "maybe")`,
    ]);
  });

  it('reports missing required fields and empty values', () => {
    const errors = errorsOf((p) => {
      delete p.title;
      delete p.visits[0].windowBeforeDays;
      p.vitals.feverThresholdC = null;
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        `${FILE}: title is required`,
        `${FILE}: visits[0].windowBeforeDays is required`,
        `${FILE}: vitals.feverThresholdC must be a number from 35 to 42 (got an empty value)`,
      ]),
    );
  });

  it('reports unknown keys instead of ignoring them, with a suggestion', () => {
    const errors = errorsOf((p) => {
      p.visits[2].windowAfter = 7;
      p.stoppingRules[0].match.fatel = true;
      p.colour = 'blue';
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        `${FILE}: visits[2].windowAfter is not a known field (did you mean windowAfterDays?)`,
        `${FILE}: stoppingRules[0].match.fatel is not a known field (did you mean fatal?)`,
        expect.stringMatching(/^protocols\/cellkine\.yaml: colour is not a known field \(known fields: trialId, title, /),
      ]),
    );
  });

  it('rejects regular expressions that do not compile or match everything', () => {
    const errors = errorsOf((p) => {
      p.aesi[1].termPatterns = ['carcin(oma', 'fever|'];
    });
    expect(errors[0]).toMatch(
      /^protocols\/cellkine\.yaml: aesi\[1\]\.termPatterns\[0\] is not a valid regular expression: .*Unterminated group/,
    );
    expect(errors[1]).toBe(`${FILE}: aesi[1].termPatterns[1] matches every term (it matches the empty string): "fever|"`);
  });

  it('requires ptCodes or termPatterns for an AESI, and 8-digit PT codes', () => {
    expect(errorsOf((p) => delete p.aesi[2].ptCodes)).toEqual([`${FILE}: aesi[2] must set ptCodes or termPatterns (or both)`]);
    expect(errorsOf((p) => (p.aesi[2].ptCodes = ['1005105']))).toEqual([
      `${FILE}: aesi[2].ptCodes[0] must be an 8-digit MedDRA PT code (got "1005105")`,
    ]);
  });

  it('rejects duplicate visit codes, AESI ids and stopping rule ids', () => {
    const errors = errorsOf((p) => {
      p.visits[3].code = 'M1';
      p.visits[3].studyDay = 91;
      p.aesi[1].id = 'FEVER';
      p.stoppingRules[1].id = 'DEATH';
    });
    expect(errors).toEqual([
      `${FILE}: visits[3].code "M1" is defined twice (also visits[2].code)`,
      `${FILE}: aesi[1].id "FEVER" is defined twice (also aesi[0].id)`,
      `${FILE}: stoppingRules[1].id "DEATH" is defined twice (also stoppingRules[0].id)`,
    ]);
  });

  it('wants visits in schedule order', () => {
    expect(errorsOf((p) => (p.visits[3].studyDay = 18))).toEqual([
      `${FILE}: visits[3].studyDay must be after visits[2].studyDay (M1, day 30): list visits in schedule order (got 18)`,
    ]);
  });

  it('explains the YAML number trap for ctcaeVersion', () => {
    expect(errorsOf((p) => (p.labs.ctcaeVersion = 5))).toEqual([
      `${FILE}: labs.ctcaeVersion must be "5.0" (quote it: a bare 5.0 in YAML is the number 5) (got 5)`,
    ]);
  });

  it('checks stopping rules, lab test codes and NCT numbers', () => {
    const errors = errorsOf((p) => {
      p.stoppingRules[0].threshold = 0;
      p.stoppingRules[1].match = {};
      p.labs.tests = { plat: { alertAtGrade: 6 } };
      p.trialId = 'NCT123';
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        `${FILE}: stoppingRules[0].threshold must be an integer >= 1 (got 0)`,
        `${FILE}: stoppingRules[1].match must set at least one of minGrade, related, serious, fatal, aesi`,
        `${FILE}: labs.tests.plat.alertAtGrade must be an integer from 1 to 5 (got 6)`,
        `${FILE}: labs.tests.plat is not a test code: codes are upper case as EDC systems send them (ALT, PLAT, ...)`,
        `${FILE}: trialId must be a ClinicalTrials.gov number (NCT and 8 digits) or a project id not starting with NCT (got "NCT123")`,
      ]),
    );
    expect(errors).toHaveLength(5);
  });

  it('says when the file is not a mapping at all', () => {
    expect(validateProtocol(['a'], FILE)).toEqual({
      ok: false,
      errors: [`${FILE}: the file must be a mapping of protocol fields (got a list)`],
    });
    expect(validateProtocol(null, FILE)).toEqual({
      ok: false,
      errors: [`${FILE}: the file must be a mapping of protocol fields (got an empty value)`],
    });
  });

  it('appends source lines and sorts by them when the caller can locate fields', () => {
    const raw = rawProtocol();
    raw.visits[3].windowAfterDays = -2;
    delete raw.title;
    const lines: Record<string, number> = { 'visits.3.windowAfterDays': 20 };
    const result = validateProtocol(raw, FILE, { locate: (path) => lines[path.join('.')] ?? 1 });
    expect(result).toEqual({
      ok: false,
      errors: [`${FILE}: title is required (line 1)`, `${FILE}: visits[3].windowAfterDays must be an integer >= 0 (got -2) (line 20)`],
    });
  });
});

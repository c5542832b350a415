import { ProtocolPathSegment, ProtocolProblem, describeValue } from './protocol-paths';

/**
 * Checks JSON Schema cannot express. They run even when the structure is broken, on whatever parts have
 * the right shape, so one run reports every problem of a file.
 */
export function semanticProblems(raw: unknown): ProtocolProblem[] {
  if (!isObject(raw)) return [];
  const problems: ProtocolProblem[] = [];
  const add = (path: ProtocolPathSegment[], message: string) => problems.push({ path, message });

  if (typeof raw.trialId === 'string' && /^nct/i.test(raw.trialId) && !/^NCT\d{8}$/.test(raw.trialId)) {
    add(
      ['trialId'],
      `must be a ClinicalTrials.gov number (NCT and 8 digits) or a project id not starting with NCT (got ${describeValue(raw.trialId)})`,
    );
  }

  const visits = objectsOf(raw.visits);
  duplicates(visits, 'code', 'visits', add);
  let previous: { index: number; code: unknown; day: number } | undefined;
  for (const [index, visit] of visits) {
    if (!Number.isInteger(visit.studyDay)) continue;
    const day = visit.studyDay as number;
    // Schedule order is what a reader expects, and a day out of order is almost always a typo (M6 at day 18).
    if (previous && day <= previous.day) {
      add(
        ['visits', index, 'studyDay'],
        `must be after visits[${previous.index}].studyDay (${String(previous.code)}, day ${previous.day}): list visits in schedule order (got ${day})`,
      );
    }
    previous = { index, code: visit.code, day };
  }

  const aesi = objectsOf(raw.aesi);
  duplicates(aesi, 'id', 'aesi', add);
  for (const [index, item] of aesi) {
    if (item.ptCodes === undefined && item.termPatterns === undefined) {
      add(['aesi', index], 'must set ptCodes or termPatterns (or both)');
    }
    if (!Array.isArray(item.termPatterns)) continue;
    item.termPatterns.forEach((source, i) => {
      if (typeof source !== 'string' || source === '') return;
      const path = ['aesi', index, 'termPatterns', i];
      try {
        // Same flags as matching: an empty-string match would make every verbatim term an AESI.
        if (new RegExp(source, 'i').test('')) add(path, `matches every term (it matches the empty string): ${describeValue(source)}`);
      } catch (error) {
        add(path, `is not a valid regular expression: ${(error as Error).message}`);
      }
    });
  }

  duplicates(objectsOf(raw.stoppingRules), 'id', 'stoppingRules', add);
  blindingProblems(raw, add);

  const labs = raw.labs;
  if (isObject(labs) && isObject(labs.tests)) {
    for (const code of Object.keys(labs.tests)) {
      if (!/^[A-Z][A-Z0-9_]*$/.test(code)) {
        add(['labs', 'tests', code], 'is not a test code: codes are upper case as EDC systems send them (ALT, PLAT, ...)');
      }
    }
  }
  return problems;
}

/**
 * The arm is always blinded, and a design that says placebo, sham or blind must say `blinded: true`: in such
 * a trial the product, dose and route name the arm, and forgetting the section would show them to sponsors.
 */
function blindingProblems(raw: Record<string, unknown>, add: (path: ProtocolPathSegment[], message: string) => void): void {
  const blinding = isObject(raw.blinding) ? raw.blinding : undefined;
  if (blinding && Array.isArray(blinding.fields) && !blinding.fields.includes('arm')) {
    add(['blinding', 'fields'], `must include arm: the arm is always blinded (got ${blinding.fields.map(String).join(', ')})`);
  }
  const design = typeof raw.design === 'string' ? raw.design : '';
  if (/placebo|sham|blind|mask/i.test(design.replace(/\b(un|non-?)blind\w*/gi, '')) && blinding?.blinded !== true) {
    add(
      blinding ? ['blinding', 'blinded'] : ['blinding'],
      `must ${blinding ? 'be true' : 'be set to { blinded: true }'}: the design says ${describeValue(design)}, so product, dose and route name the arm`,
    );
  }
}

function duplicates(
  items: Array<[number, Record<string, unknown>]>,
  key: string,
  listName: string,
  add: (path: ProtocolPathSegment[], message: string) => void,
): void {
  const seen = new Map<unknown, number>();
  for (const [index, item] of items) {
    const value = item[key];
    if (typeof value !== 'string') continue;
    const first = seen.get(value);
    if (first === undefined) seen.set(value, index);
    else add([listName, index, key], `${describeValue(value)} is defined twice (also ${listName}[${first}].${key})`);
  }
}

function objectsOf(value: unknown): Array<[number, Record<string, unknown>]> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, index) => (isObject(item) ? [[index, item] as [number, Record<string, unknown>]] : []));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

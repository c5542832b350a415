import { InputEventType } from '../input/input-events';
import { isCalendarDate } from './formats';
import { showValue } from './describe-errors';

type Data = Record<string, unknown>;

/**
 * Consistency rules JSON Schema cannot express well. Each looks only at fields that are individually
 * valid, so a message with several faults gets one precise reason per fault rather than noise.
 */
export function crossFieldProblems(type: InputEventType, data: Data): string[] {
  switch (type) {
    case 'adverse-event.reported':
    case 'adverse-event.updated':
      return adverseEventProblems(data);
    case 'visit.completed':
      return labRangeProblems(data);
    default:
      return [];
  }
}

function adverseEventProblems(data: Data): string[] {
  const problems: string[] = [];
  const { serious, seriousCriteria: criteria, outcome, onsetDate, endDate } = data;
  if (typeof serious === 'boolean' && Array.isArray(criteria)) {
    // SPEC §2: serious is true iff seriousCriteria is non-empty; a disagreeing message is invalid.
    if (serious && criteria.length === 0) {
      problems.push('data.serious is true but data.seriousCriteria is empty: list the ICH E2A criteria met, or set serious to false');
    } else if (!serious && criteria.length > 0) {
      problems.push(
        `data.serious is false but data.seriousCriteria lists ${criteria.map(showValue).join(', ')}: ` +
          'set serious to true, or empty seriousCriteria',
      );
    }
  }
  if (outcome === 'fatal' && Array.isArray(criteria) && !criteria.includes('death')) {
    problems.push(
      'data.outcome is "fatal" but data.seriousCriteria does not include "death": an AE with a fatal outcome ' +
        'is serious by death; add "death" (and set serious to true) or correct the outcome',
    );
  }
  if (
    typeof onsetDate === 'string' &&
    typeof endDate === 'string' &&
    isCalendarDate(onsetDate) &&
    isCalendarDate(endDate) &&
    endDate < onsetDate
  ) {
    problems.push(`data.endDate (${endDate}) is before data.onsetDate (${onsetDate})`);
  }
  return problems;
}

function labRangeProblems(data: Data): string[] {
  if (!Array.isArray(data.labs)) return [];
  const problems: string[] = [];
  data.labs.forEach((lab: unknown, i) => {
    const { lln, uln, test } = (lab ?? {}) as Data;
    if (typeof lln === 'number' && typeof uln === 'number' && lln > uln) {
      problems.push(`data.labs[${i}] (${showValue(test)}) has lln ${lln} above uln ${uln}: the reference range is reversed`);
    }
  });
  return problems;
}

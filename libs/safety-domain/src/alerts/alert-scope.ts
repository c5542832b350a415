import { AlertKind, idPart } from '@vigil/contracts';
import { deterministicUuid } from './deterministic-id';

/** What one alert is about (SPEC §4: one alert per scope). The alert id is a pure function of it. */
export type AlertScope =
  | { kind: 'adverse-event'; trialId: string; subjectId: string; aeId: string }
  | { kind: 'lab-abnormality'; trialId: string; subjectId: string; visitCode: string; test: string }
  | { kind: 'hys-law'; trialId: string; subjectId: string; visitCode: string }
  | { kind: 'vital-sign'; trialId: string; subjectId: string; visitCode: string; vital: string }
  | { kind: 'visit-deviation'; trialId: string; subjectId: string; visitCode: string }
  | { kind: 'stopping-rule'; trialId: string; ruleId: string }
  | { kind: 'configuration'; trialId: string };

/**
 * Each id part is free text from a message: `idPart` percent-encodes `/` and `%`, so trial `A/B` with AE `C`
 * and trial `A` with AE `B/C` are two alerts, not one. Ordinary ids are unchanged, and so are their alert ids.
 */
export function scopeKey(scope: AlertScope): string {
  const key = (...parts: string[]) => [scope.kind, ...parts.map(idPart)].join('/');
  switch (scope.kind) {
    case 'adverse-event':
      return key(scope.trialId, scope.aeId);
    case 'lab-abnormality':
      return key(scope.trialId, scope.subjectId, scope.visitCode, scope.test);
    case 'hys-law':
      return key(scope.trialId, scope.subjectId, scope.visitCode);
    case 'vital-sign':
      return key(scope.trialId, scope.subjectId, scope.visitCode, scope.vital);
    case 'visit-deviation':
      return key(scope.trialId, scope.subjectId, scope.visitCode);
    case 'stopping-rule':
      return key(scope.trialId, scope.ruleId);
    case 'configuration':
      return key(scope.trialId);
    default:
      return assertNever(scope);
  }
}

export function alertIdFor(scope: AlertScope): string {
  return deterministicUuid(`alert/${scopeKey(scope)}`);
}

export const ALERT_STREAM_PREFIX = 'alert-';

export function alertStreamId(alertId: string): string {
  return `${ALERT_STREAM_PREFIX}${alertId}`;
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

export type { AlertKind };

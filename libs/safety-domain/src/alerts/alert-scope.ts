import { AlertKind } from '@vigil/contracts';
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

export function scopeKey(scope: AlertScope): string {
  switch (scope.kind) {
    case 'adverse-event':
      return `adverse-event/${scope.trialId}/${scope.aeId}`;
    case 'lab-abnormality':
      return `lab-abnormality/${scope.trialId}/${scope.subjectId}/${scope.visitCode}/${scope.test}`;
    case 'hys-law':
      return `hys-law/${scope.trialId}/${scope.subjectId}/${scope.visitCode}`;
    case 'vital-sign':
      return `vital-sign/${scope.trialId}/${scope.subjectId}/${scope.visitCode}/${scope.vital}`;
    case 'visit-deviation':
      return `visit-deviation/${scope.trialId}/${scope.subjectId}/${scope.visitCode}`;
    case 'stopping-rule':
      return `stopping-rule/${scope.trialId}/${scope.ruleId}`;
    case 'configuration':
      return `configuration/${scope.trialId}`;
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

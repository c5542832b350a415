import { BadRequestException } from '@nestjs/common';
import { ALERT_KINDS, ALERT_STATUSES, AlertKind, AlertStatus, Severity, SEVERITIES } from '@vigil/contracts';

export interface AlertFilters {
  status?: AlertStatus;
  kind?: AlertKind;
  severity?: Severity;
  subjectId?: string;
  /** Exclusive: only alerts listed after this position (newest first). */
  before?: string;
  limit: number;
}

/** Query string → filters, or a 400 that says which parameter is wrong and what it may be. */
export function parseAlertFilters(query: Record<string, unknown>): AlertFilters {
  const one = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw new BadRequestException(`query parameter "${name}" must be given once`);
    return value;
  };
  const choice = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const value = one(name);
    if (value !== undefined && !allowed.includes(value as T)) {
      throw new BadRequestException(`"${name}" must be one of ${allowed.join(', ')} (got "${value}")`);
    }
    return value as T | undefined;
  };
  const limitText = one('limit');
  const limit = limitText === undefined ? 50 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new BadRequestException(`"limit" must be an integer from 1 to 500`);
  const cursor = one('cursor');
  return {
    status: choice('status', ALERT_STATUSES),
    kind: choice('kind', ALERT_KINDS),
    severity: choice('severity', SEVERITIES),
    subjectId: one('subjectId'),
    before: cursor === undefined ? undefined : decodeCursor(cursor),
    limit,
  };
}

export function encodeCursor(listPosition: string): string {
  return Buffer.from(`p:${listPosition}`).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^p:(\d{1,19})$/.exec(text);
  if (!match) throw new BadRequestException('"cursor" is not a cursor this API returned');
  return match[1];
}

import { alertIdFor } from './alert-scope';

describe('alert ids: one per scope, whatever the ids in the messages contain', () => {
  it('gives two AEs whose trial and AE ids differ only in where a "/" falls two alerts (they shared one before)', () => {
    const oneAe = alertIdFor({ kind: 'adverse-event', trialId: 'A/B', subjectId: 'S', aeId: 'C' });
    const otherAe = alertIdFor({ kind: 'adverse-event', trialId: 'A', subjectId: 'S', aeId: 'B/C' });
    expect(oneAe).not.toBe(otherAe);
    const visit = (trialId: string, subjectId: string, visitCode: string) =>
      alertIdFor({ kind: 'visit-deviation', trialId, subjectId, visitCode });
    expect(visit('T', 'S/1', 'M3')).not.toBe(visit('T', 'S', '1/M3'));
    expect(visit('T', 'S%2F1', 'M3')).not.toBe(visit('T', 'S/1', 'M3'));
  });

  it('keeps the alert ids of ordinary ids as they were, so stored alerts keep theirs', () => {
    expect(alertIdFor({ kind: 'adverse-event', trialId: 'NCT04410731', subjectId: 'CK-002', aeId: 'CK-002-AE-01' })).toBe(
      'ac150b0d-fc06-56cb-a516-d270f3743d72',
    );
    expect(alertIdFor({ kind: 'lab-abnormality', trialId: 'NCT04410731', subjectId: 'CK-002', visitCode: 'M3', test: 'ALT' })).toBe(
      '17ca2eb7-6081-575b-9c7b-73b2f867e39b',
    );
  });
});

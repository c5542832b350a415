import { InputEvent } from '@vigil/contracts';
import { aeStreamId, inputStreamId, subjectStreamId } from './input-streams';

describe('stream ids', () => {
  it('keep trials apart whatever their ids contain', () => {
    expect(subjectStreamId('A-B', 'C')).not.toBe(subjectStreamId('A', 'B-C'));
    expect(aeStreamId('A-B', 'C')).not.toBe(aeStreamId('A', 'B-C'));
    expect(subjectStreamId('A/B', 'C')).not.toBe(subjectStreamId('A', 'B/C'));
    expect(subjectStreamId('A%2FB', 'C')).not.toBe(subjectStreamId('A/B', 'C'));
  });

  it('read as the ids they are made of', () => {
    expect(subjectStreamId('NCT04410731', 'CK-002')).toBe('subject/NCT04410731/CK-002');
    expect(aeStreamId('NCT04410731', 'CK-002-AE-01')).toBe('ae/NCT04410731/CK-002-AE-01');
    expect(subjectStreamId('A/B', '100%')).toBe('subject/A%2FB/100%25');
  });

  it('put visit events on the subject stream and AE events on the AE stream', () => {
    const base = { specversion: '1.0', id: 'e-1', source: 's', subject: 'B-C', trialid: 'A', time: '2021-03-01T00:00:00Z' } as const;
    expect(inputStreamId({ ...base, type: 'visit.missed', data: {} } as unknown as InputEvent)).toBe('subject/A/B-C');
    expect(inputStreamId({ ...base, type: 'adverse-event.nullified', data: { aeId: 'X' } } as unknown as InputEvent)).toBe('ae/A/X');
  });
});

import { subjectScope } from './subject-state';

describe("the rules' memory key of a subject", () => {
  it('is never shared by subjects of two trials', () => {
    expect(subjectScope('A/B', 'C')).not.toBe(subjectScope('A', 'B/C'));
    expect(subjectScope('NCT04410731', 'CK-002')).toBe('subject/NCT04410731/CK-002');
  });
});

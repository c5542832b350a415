import { withdrawnInOneRunOnly } from './one-run-withdrawals';

describe('withdrawnInOneRunOnly: the one way two runs over the same input may differ', () => {
  it('names an alert withdrawn in one run and absent from the other, whichever run it is in', () => {
    const clean = [
      { alert_id: 'a', status: 'open' },
      { alert_id: 'b', status: 'withdrawn' },
    ];
    const faulted = [
      { alert_id: 'a', status: 'open' },
      { alert_id: 'c', status: 'withdrawn' },
    ];
    expect(withdrawnInOneRunOnly(clean, faulted)).toEqual(new Set(['b', 'c']));
  });

  it('leaves in every other difference: an open alert in one run only, or a status that differs', () => {
    const clean = [
      { alert_id: 'a', status: 'open' },
      { alert_id: 'b', status: 'withdrawn' },
    ];
    const faulted = [{ alert_id: 'b', status: 'open' }];
    expect(withdrawnInOneRunOnly(clean, faulted)).toEqual(new Set());
  });
});

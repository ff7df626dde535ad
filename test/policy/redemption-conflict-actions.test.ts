import { describe, expect, it } from 'vitest';
import { conflictAction } from '../../src/policy/conflict-action.js';

const GENERIC = conflictAction('redeem', 'a_reason_from_the_future');

describe('what the cashier is told when the ledger refuses a redemption for its hold or the offline policy', () => {
  it.each([
    ['hold_not_found', /no hold of this till/],
    ['hold_expired', /expired/],
    ['hold_voided', /voided/],
    ['hold_exceeded', /more than its hold or allowance/],
    ['offline_redemption_denied', /may not redeem offline/],
    ['limit_exceeded', /offline limit/],
    ['manager_approval_invalid', /override/],
  ])('for %s, says what happened and to collect the redeemed value', (reason, says) => {
    const action = conflictAction('redeem', reason);
    expect(action).toMatch(says);
    expect(action).not.toBe(GENERIC);
  });
});

import { describe, expect, it } from 'vitest';
import { checkPushAnswer, type PushResult } from '../../src/policy/check-push-answer.js';
import { conflictAction } from '../../src/policy/conflict-action.js';
import { REASONS_BY_KIND, canRejectFor, isKnownReason } from '../../src/policy/rejection-reasons.js';
import { INTENT_KINDS, REJECTION_REASONS, type IntentKind, type IntentV1 } from '../../src/protocol/index.js';

const GENERIC = conflictAction('accrue', 'a_reason_from_the_future');

const intent = (kind: IntentKind, points = 10): IntentV1 => {
  const base = { intentId: '01JD0000000000000000000001', terminalId: 'till-1', storeId: 'store-1', memberId: 'asha', seq: 1, occurredAt: '2026-01-01T00:00:00.000Z' };
  if (kind === 'accrue') return { ...base, kind, points, bill: { billId: 'B1', amountPaise: 1000 } };
  if (kind === 'redeem') return { ...base, kind, points };
  if (kind === 'reverse') return { ...base, kind, points, originalIntentId: '01JD0000000000000000000000' };
  if (kind === 'enrol') return { ...base, kind, consents: [] };
  return { ...base, kind, points, reason: 'x', approvedBy: 'm' };
};
const refusal = (reason: string): PushResult => ({ intentId: '01JD0000000000000000000001', outcome: 'rejected', reason, message: 'no' });

describe('which reasons the ledger can refuse each kind of intent for', () => {
  it('lists every reason of the protocol for at least one kind', () => {
    const listed = new Set(Object.values(REASONS_BY_KIND).flat());
    expect(REJECTION_REASONS.filter((r) => !listed.has(r as never))).toEqual([]);
  });

  it.each(INTENT_KINDS)('lets a %s be refused for balance_limit or unanswerable', (kind) => {
    expect(canRejectFor(kind, kind === 'adjust' ? -10 : 10, 'balance_limit')).toBe(true);
    expect(canRejectFor(kind, 10, 'unanswerable')).toBe(true);
  });

  it('lets limits refuse accruals, redemptions and adjustments, but not returns', () => {
    expect(['accrue', 'redeem', 'adjust', 'reverse'].map((k) => canRejectFor(k as IntentKind, 10, 'limit_exceeded'))).toEqual([true, true, true, false]);
  });

  it('lets only an adjustment or a (manager override) redemption be refused for its manager approval', () => {
    for (const reason of ['manager_approval_required', 'manager_approval_invalid', 'manager_locked']) {
      expect(INTENT_KINDS.filter((k) => canRejectFor(k, 10, reason))).toEqual(['redeem', 'adjust']);
    }
  });

  it('accepts a reason this SDK does not know for any kind, as long as it looks like a reason', () => {
    expect(isKnownReason('points_frozen')).toBe(false);
    expect(INTENT_KINDS.every((k) => canRejectFor(k, 10, 'points_frozen'))).toBe(true);
    expect(canRejectFor('accrue', 10, 'Points Frozen!')).toBe(false);
    expect(canRejectFor('accrue', 10, 'x'.repeat(65))).toBe(false);
  });

  it('reads an unknown reason in a push answer as a plain refusal, and a known reason off its kind as a lie', () => {
    expect(checkPushAnswer([intent('redeem')], [refusal('points_frozen')])).toBeUndefined();
    expect(checkPushAnswer([intent('accrue')], [refusal('manager_locked')])).toMatch(/refuses a accrue for manager_locked/);
    expect(checkPushAnswer([intent('reverse')], [refusal('limit_exceeded')])).toMatch(/cannot happen/);
  });
});

describe('what the cashier is told to do', () => {
  it.each([
    ['accrue', 'limit_exceeded', /manager/],
    ['redeem', 'limit_exceeded', /collect the redeemed value/],
    ['adjust', 'limit_exceeded', /head office/],
    ['adjust', 'manager_approval_required', /manager's id and PIN/],
    ['adjust', 'manager_approval_invalid', /right PIN/],
    ['adjust', 'manager_locked', /unlock/],
    ['accrue', 'balance_limit', /nothing was applied/],
    ['redeem', 'unanswerable', /support/],
  ] as const)('says what to do about a %s refused for %s, in its own words', (kind, reason, words) => {
    const action = conflictAction(kind, reason);
    expect(action).toMatch(words);
    expect(action).not.toBe(GENERIC);
  });

  it('has a generic action for a reason this SDK does not know', () => {
    expect(GENERIC).toMatch(/refused .* applied nothing/);
    expect(conflictAction('redeem', 'points_frozen')).toBe(GENERIC);
  });
});

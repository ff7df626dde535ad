import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REDEMPTION_POLICY, type RedeemIntentV1 } from '../../src/protocol/index.js';
import { decideRedemption, type RedemptionFacts } from '../../src/ledger/holds/decide-redemption.js';
import type { Hold } from '../../src/ledger/holds/hold.js';

const AT = '2026-03-02T10:00:00.000Z';
const HOLD_ID = '01JD0000000000000000000009';

const factsArb: fc.Arbitrary<RedemptionFacts> = fc
  .record({
    basis: fc.constantFrom('hold', 'allowance', 'limit', 'override' as const),
    points: fc.integer({ min: 1, max: 2_000 }),
    memberPoints: fc.integer({ min: -500, max: 3_000 }),
    otherHeld: fc.integer({ min: 0, max: 500 }),
    holdPoints: fc.integer({ min: 1, max: 1_500 }),
    holdCapturedShare: fc.double({ min: 0, max: 1, noNaN: true }),
    holdState: fc.constantFrom('open', 'captured', 'voided', 'released', 'expired' as const),
    holdKind: fc.constantFrom('hold', 'allowance' as const),
    offline: fc.constantFrom('deny', 'allowance', 'limit' as const),
    shortfall: fc.constantFrom('member_debt', 'store_risk' as const),
    spentMember: fc.integer({ min: 0, max: 1_500 }),
    spentTill: fc.integer({ min: 0, max: 6_000 }),
    approved: fc.boolean(),
  })
  .map((f) => {
    const captured = f.holdState === 'open' ? Math.floor((f.holdPoints - 1) * f.holdCapturedShare) : f.holdPoints;
    const hold: Hold = {
      holdId: HOLD_ID, kind: f.holdKind, memberId: 'asha', terminalId: 't1', storeId: 's1', points: f.holdPoints,
      captured: f.holdKind === 'hold' && f.holdState === 'open' ? 0 : captured, state: f.holdState, billId: null, contentHash: 'x',
      expiresAt: AT, createdAt: AT, closedAt: null,
    };
    const openLeft = f.holdState === 'open' ? hold.points - hold.captured : 0;
    const intent = {
      intentId: '01JD0000000000000000000001', terminalId: 't1', storeId: 's1', memberId: 'asha', seq: 1, occurredAt: AT,
      kind: 'redeem', points: f.points, basis: f.basis, holdId: HOLD_ID, balanceAsOf: AT,
    } as RedeemIntentV1 & { basis: NonNullable<RedeemIntentV1['basis']> };
    return {
      intent,
      member: { memberId: 'asha', points: f.memberPoints + openLeft + f.otherHeld, held: openLeft + f.otherHeld, version: 1, updatedAt: AT },
      hold,
      policy: { ...DEFAULT_REDEMPTION_POLICY, offline: f.offline, shortfall: f.shortfall },
      offlineWithinDay: { member: f.spentMember, till: f.spentTill },
      approvalRefusal: f.approved ? undefined : { reason: 'manager_approval_invalid' as const, message: 'no' },
    };
  });

const net = (transfers: readonly { debit: string; credit: string; points: number }[], account: (a: string) => boolean) =>
  transfers.reduce((n, t) => n + (account(t.credit) ? t.points : 0) - (account(t.debit) ? t.points : 0), 0);

describe('deciding a redemption with a basis (pure)', () => {
  it('spends exactly the points asked, moves the member\'s account by points less held, and never takes more than the hold held', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const decision = decideRedemption(facts);
        expect(decideRedemption(facts)).toEqual(decision);
        if (decision.outcome !== 'applied') return;
        const { transfers, memberDelta } = decision;
        const heldDelta = decision.heldDelta ?? 0;
        expect(transfers.every((t) => t.points > 0 && t.debit !== t.credit)).toBe(true);
        expect(net(transfers, (a) => a === 'program:redemption')).toBe(facts.intent.points);
        expect(net(transfers, (a) => a === 'member:asha')).toBe(memberDelta - heldDelta);
        expect(net(transfers, (a) => a === 'program:pending')).toBe(heldDelta);
        expect(facts.member.held + heldDelta).toBeGreaterThanOrEqual(0);
        const effect = decision.redemption!;
        if (effect.shortfallTo === 'store_risk') expect(net(transfers, (a) => a === 'risk:s1')).toBe(-effect.shortfall);
        // Without a shortfall, the member never ends below what they had available.
        if (effect.shortfall === 0) expect(facts.member.points + memberDelta - (facts.member.held + heldDelta)).toBeGreaterThanOrEqual(Math.min(0, facts.member.points - facts.member.held));
      }),
      { numRuns: 2_000 },
    );
  });
});

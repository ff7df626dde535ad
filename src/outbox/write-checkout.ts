import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import type { BillLineV1 } from '../protocol/index.js';
import { evaluateEarn, isRulesError, promotionPointsOf, type EarnResult, type RuleBillLine } from '../rules/index.js';
import { unknownMember } from '../store/balance-view.js';
import type { IntentRecord, MemberRecord } from '../store/records.js';
import type { CachedRuleset } from '../store/ruleset-cache.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import { stageIntent } from './stage-intent.js';
import { REDEMPTION_TABLES, type RedemptionGrant } from './write-redemption.js';

/** A bill at the counter: what the earning rules need. */
export interface CheckoutBill {
  readonly billId: string;
  readonly lines: readonly RuleBillLine[];
}

/** What a checkout stored. */
export interface WrittenCheckout {
  readonly earn: EarnResult;
  readonly accrual: IntentRecord;
  readonly redemption: IntentRecord | null;
  readonly member: MemberRecord;
}

/**
 * Earns a bill by the till's ruleset and stores, in ONE IndexedDB transaction, the
 * redemption (if any, checked against the balance before this bill), the accrual with its
 * per-line points and ruleset version, and the member's new provisional balance, tier and
 * visit count. Throws, writing nothing, when the bill cannot be earned or the points are
 * not there.
 */
export async function writeCheckout(
  db: TerminalDatabase,
  request: { memberId: string; storeId: string; bill: CheckoutBill; redeemPoints?: number | undefined; grant?: RedemptionGrant | undefined },
  rules: CachedRuleset,
  made: { nextId: () => string; now: number },
): Promise<WrittenCheckout> {
  return db.transaction('rw', REDEMPTION_TABLES, async (tx) => {
    const stored = (await tx.members.get(request.memberId)) ?? unknownMember(request.memberId, made.now);
    const state = stored.earnState ?? { visits: 0, qualifyingPoints: 0, promotionPoints: {} };
    const levels = rules.ruleset.tiers.levels;
    const tier = levels.some((l) => l.id === stored.tier) ? stored.tier : levels[0]!.id;
    let earn: EarnResult;
    try {
      earn = evaluateEarn(
        rules.ruleset,
        { billId: request.bill.billId, storeId: request.storeId, at: new Date(made.now).toISOString(), lines: [...request.bill.lines] },
        { tier, ...state },
      );
    } catch (error) {
      if (isRulesError(error)) throw new TillpointsError(ERROR_CODES.invalidArgument, `the bill cannot be earned: ${error.message}`, { cause: error });
      throw error;
    }
    const amountPaise = request.bill.lines.reduce((sum, l) => sum + l.amountPaise, 0);
    let member = stored;
    let redemption: IntentRecord | null = null;
    if (request.redeemPoints) {
      if (request.grant?.apply) member = await request.grant.apply(tx, member, request.redeemPoints);
      const staged = await stageIntent(tx, member, {
        kind: 'redeem', memberId: request.memberId, points: request.redeemPoints, bill: { billId: request.bill.billId, amountPaise }, ...request.grant?.fields,
      }, { intentId: made.nextId(), now: made.now });
      ({ member } = staged);
      redemption = staged.intent;
    }
    const lines: BillLineV1[] = request.bill.lines.map((l, i) => ({ ...l, points: earn.lines[i]!.points }));
    const accrual = await stageIntent(tx, member, {
      kind: 'accrue', memberId: request.memberId, points: earn.total, bill: { billId: request.bill.billId, amountPaise, lines },
      rulesetVersion: rules.version, earn, memberSnapshot: { tier, ...state },
    }, { intentId: made.nextId(), now: made.now });
    const promotionPoints = { ...state.promotionPoints };
    for (const [id, points] of Object.entries(promotionPointsOf(earn))) promotionPoints[id] = (promotionPoints[id] ?? 0) + points;
    member = {
      ...accrual.member,
      tier: earn.tier.after,
      earnState: { visits: state.visits + 1, qualifyingPoints: earn.tier.qualifyingPoints, promotionPoints },
    };
    await tx.members.put(member);
    return { earn, accrual: accrual.intent, redemption, member };
  });
}

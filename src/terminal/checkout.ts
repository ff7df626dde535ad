import { z } from 'zod';
import { ERROR_CODES } from '../errors/error-codes.js';
import { parseOrThrow } from '../errors/from-zod.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import { writeCheckout } from '../outbox/write-checkout.js';
import { idSchema, positivePointsSchema } from '../protocol/index.js';
import { ruleBillLineSchema, type EarnLine, type TierOutcome } from '../rules/index.js';
import type { Balance } from '../store/balance-view.js';
import type { MemberRecord } from '../store/records.js';
import type { CachedRuleset } from '../store/ruleset-cache.js';
import type { TerminalDatabase } from '../store/terminal-database.js';

/** `terminal.checkout()`: a bill for a member, and the points they spend on it, if any. */
export const checkoutArgsSchema = z.strictObject({
  memberId: idSchema,
  bill: z.strictObject({ billId: idSchema, lines: z.array(ruleBillLineSchema).min(1).max(500) }),
  redeemPoints: positivePointsSchema.optional(),
});
export type CheckoutArgs = z.input<typeof checkoutArgsSchema>;

/** What the counter shows after a checkout, from local data only. */
export interface CheckoutReceipt {
  /** The accrual's intent id and the points this bill earns (provisional until the ledger confirms). */
  readonly accrual: { readonly intentId: string; readonly points: number };
  /** The redemption's intent id and points, when points were spent. */
  readonly redemption: { readonly intentId: string; readonly points: number } | null;
  /** The member's balance after both. */
  readonly balance: Balance;
  /** Tier before and after, and the way to the next one ("80 to Gold"). */
  readonly tier: TierOutcome;
  /** Every point explained, line by line. */
  readonly lines: readonly EarnLine[];
  readonly rulesetVersion: number;
}

/** Validates a checkout and writes it in one local transaction; see `Terminal.checkout`. */
export async function runCheckout(
  db: TerminalDatabase,
  args: CheckoutArgs,
  context: { storeId: string; rules: CachedRuleset | undefined; nextId: () => string; now: number; view: (m: MemberRecord) => Balance },
): Promise<CheckoutReceipt & { memberRecord: MemberRecord }> {
  const a = parseOrThrow(checkoutArgsSchema, args, ERROR_CODES.invalidArgument, 'invalid checkout');
  if (!context.rules) {
    throw new TillpointsError(ERROR_CODES.rulesUnavailable, 'this till has no earning ruleset yet: sync with the ledger once');
  }
  const written = await writeCheckout(db, { memberId: a.memberId, storeId: context.storeId, bill: a.bill, redeemPoints: a.redeemPoints }, context.rules, {
    nextId: context.nextId,
    now: context.now,
  });
  return {
    accrual: { intentId: written.accrual.intentId, points: written.accrual.points },
    redemption: written.redemption ? { intentId: written.redemption.intentId, points: written.redemption.points } : null,
    balance: context.view(written.member),
    tier: written.earn.tier,
    lines: written.earn.lines,
    rulesetVersion: context.rules.version,
    memberRecord: written.member,
  };
}

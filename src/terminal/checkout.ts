import * as z from 'zod/mini';
import { ERROR_CODES } from '../errors/error-codes.js';
import { parseOrThrow } from '../errors/from-zod.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import { writeCheckout } from '../outbox/write-checkout.js';
import type { RedemptionGrant } from '../outbox/write-redemption.js';
import { idSchema, managerApprovalV1Schema, positivePointsSchema, ulidSchema } from '../protocol/index.js';
import { ruleBillLineSchema, type EarnLine, type TierOutcome } from '../rules/index.js';
import type { Balance } from '../store/balance-view.js';
import type { IntentRecord, MemberRecord } from '../store/records.js';
import type { CachedRuleset } from '../store/ruleset-cache.js';
import type { TerminalDatabase } from '../store/terminal-database.js';

/** `terminal.checkout()`: a bill for a member, and the points they spend on it, if any. */
export const checkoutArgsSchema = z.strictObject({
  memberId: idSchema,
  bill: z.strictObject({ billId: idSchema, lines: z.array(ruleBillLineSchema).check(z.minLength(1), z.maxLength(500)) }),
  redeemPoints: z.optional(positivePointsSchema),
  /** A hold placed for this bill with `holdPoints`: the redemption captures it (`redeemPoints` at most what it holds). */
  holdId: z.optional(ulidSchema),
  /** A manager's approval to redeem offline beyond the store's policy (basis `override`). */
  approval: z.optional(managerApprovalV1Schema),
});
export type CheckoutArgs = z.input<typeof checkoutArgsSchema>;
/** A checkout's arguments, checked. */
export type ParsedCheckoutArgs = z.output<typeof checkoutArgsSchema>;

/** What the counter shows after a checkout, from local data only. */
export interface CheckoutReceipt {
  /** The accrual's intent id and the points this bill earns (provisional until the ledger confirms). */
  readonly accrual: { readonly intentId: string; readonly points: number };
  /** The redemption's intent id and points, when points were spent. */
  readonly redemption: { readonly intentId: string; readonly points: number; readonly basis: IntentRecord['basis'] | null } | null;
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
  context: {
    storeId: string; rules: CachedRuleset | undefined; nextId: () => string; now: number; view: (m: MemberRecord) => Balance;
    /** Decides what the redemption relies on (a hold, the offline policy), before the write. */
    grant: (a: ParsedCheckoutArgs) => Promise<RedemptionGrant | undefined>;
  },
): Promise<CheckoutReceipt & { memberRecord: MemberRecord }> {
  const a = parseOrThrow(checkoutArgsSchema, args, ERROR_CODES.invalidArgument, 'invalid checkout');
  if (!context.rules) {
    throw new TillpointsError(ERROR_CODES.rulesUnavailable, 'this till has no earning ruleset yet: sync with the ledger once');
  }
  if (a.holdId && !a.redeemPoints) throw new TillpointsError(ERROR_CODES.invalidArgument, 'invalid checkout: holdId needs redeemPoints');
  const grant = a.redeemPoints ? await context.grant(a) : undefined;
  const request = { memberId: a.memberId, storeId: context.storeId, bill: a.bill, redeemPoints: a.redeemPoints, grant };
  const written = await writeCheckout(db, request, context.rules, { nextId: context.nextId, now: context.now }).catch(async (error: unknown) => {
    await grant?.undo?.();
    throw error;
  });
  return {
    accrual: { intentId: written.accrual.intentId, points: written.accrual.points },
    redemption: written.redemption ? { intentId: written.redemption.intentId, points: written.redemption.points, basis: written.redemption.basis ?? null } : null,
    balance: context.view(written.member),
    tier: written.earn.tier,
    lines: written.earn.lines,
    rulesetVersion: context.rules.version,
    memberRecord: written.member,
  };
}

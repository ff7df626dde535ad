import * as z from 'zod/mini';
import { billRefV1Schema } from './bill.js';
import { cardNumberSchema, phoneInputSchema } from './member.js';
import {
  MAX_AMOUNT,
  adjustmentPointsSchema,
  idSchema,
  instantSchema,
  pointsSchema,
  positivePointsSchema,
  seqSchema,
  ulidSchema,
} from './primitives.js';

/** The kinds of intent a till (or an admin) can send. */
export const INTENT_KINDS = ['accrue', 'redeem', 'reverse', 'adjust', 'enrol'] as const;
/** One of {@link INTENT_KINDS}. */
export type IntentKind = (typeof INTENT_KINDS)[number];

/** What the earning rules knew of the member when a till earned a bill. */
export const memberSnapshotV1Schema = z.strictObject({
  tier: idSchema,
  qualifyingPoints: z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER)),
  visits: z.int().check(z.minimum(0), z.maximum(MAX_AMOUNT)),
  promotionPoints: z.record(
    z.string().check(z.minLength(1), z.maxLength(64)),
    z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER)),
  ),
});
export type MemberSnapshotV1 = z.infer<typeof memberSnapshotV1Schema>;

// Fields every intent carries, whatever its kind.
const intentBase = {
  /** ULID made at the till; the ledger applies each id at most once, forever. */
  intentId: ulidSchema,
  terminalId: idSchema,
  storeId: idSchema,
  memberId: idSchema,
  /** Per-terminal monotonic sequence number. */
  seq: seqSchema,
  /** The till's clock when the intent was made. */
  occurredAt: instantSchema,
};

/** Points earned on a bill (zero when the rules earn it nothing: it still counts as a visit). */
export const accrueIntentV1Schema = z.strictObject({
  ...intentBase,
  kind: z.literal('accrue'),
  points: pointsSchema,
  bill: billRefV1Schema,
  /** The earning-rules version the till computed with, when it used one. */
  rulesetVersion: z.optional(z.int().check(z.minimum(1))),
  /** The member as the till saw them when it earned the bill: lets the ledger check the till's arithmetic. */
  memberSnapshot: z.optional(memberSnapshotV1Schema),
});
export type AccrueIntentV1 = z.infer<typeof accrueIntentV1Schema>;

/**
 * What a till relied on to let a member spend points:
 * - `hold`: a hold the ledger placed for this bill while the till was online (`holdId`);
 * - `allowance`: points the ledger held for this till ahead of an outage (`holdId` names the allowance);
 * - `limit`: the programme's offline limits (per redemption, per member, per till, cache age),
 *   trusting the cached balance as of `balanceAsOf`;
 * - `override`: a manager approved it offline beyond those limits (`approval`).
 * Absent on redemptions made by tills older than holds: the ledger decides them as it always did.
 */
export const REDEMPTION_BASES = ['hold', 'allowance', 'limit', 'override'] as const;
/** One of {@link REDEMPTION_BASES}. */
export type RedemptionBasis = (typeof REDEMPTION_BASES)[number];

/**
 * A manager's approval of a till's adjustment: the manager id and PIN an admin registered for
 * the store. The ledger verifies it and never stores, hashes or echoes the PIN.
 */
export const managerApprovalV1Schema = z.strictObject({
  managerId: idSchema,
  pin: z.string().check(z.regex(/^[0-9]{6,12}$/, 'a manager PIN is 6 to 12 digits')),
});
export type ManagerApprovalV1 = z.infer<typeof managerApprovalV1Schema>;

/** Points spent, usually against a bill. */
export const redeemIntentV1Schema = z.strictObject({
  ...intentBase,
  kind: z.literal('redeem'),
  points: positivePointsSchema,
  bill: z.optional(billRefV1Schema),
  /** What the till relied on (see {@link REDEMPTION_BASES}); absent from older tills. */
  basis: z.optional(z.enum(REDEMPTION_BASES)),
  /** The hold (basis `hold`) or allowance (basis `allowance`) this redemption captures. */
  holdId: z.optional(ulidSchema),
  /** For basis `limit` or `override`: when the ledger last confirmed the balance the till relied on. */
  balanceAsOf: z.optional(instantSchema),
  /** For basis `override`: the manager who approved it (the PIN is verified, never stored). */
  approval: z.optional(managerApprovalV1Schema),
});
export type RedeemIntentV1 = z.infer<typeof redeemIntentV1Schema>;

/**
 * A return: takes back points an earlier accrual earned, or gives back points an
 * earlier redemption spent, for the whole bill or some of its lines.
 */
export const reverseIntentV1Schema = z.strictObject({
  ...intentBase,
  kind: z.literal('reverse'),
  originalIntentId: ulidSchema,
  points: positivePointsSchema,
  /** The lines of the original bill being returned; absent for the whole bill. */
  lineIds: z.optional(z.array(idSchema).check(z.minLength(1), z.maxLength(500))),
  /** The return bill, when the till made one. */
  bill: z.optional(billRefV1Schema),
  reason: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
export type ReverseIntentV1 = z.infer<typeof reverseIntentV1Schema>;

/** A manual correction by a manager: positive credits the member, negative debits. */
export const adjustIntentV1Schema = z.strictObject({
  ...intentBase,
  kind: z.literal('adjust'),
  points: adjustmentPointsSchema,
  reason: z.string().check(z.minLength(1), z.maxLength(200)),
  approvedBy: z.string().check(z.minLength(1), z.maxLength(64)),
  /** From a till, the ledger applies an adjustment only with a manager's approval (optional on the wire, for older tills' queues). */
  approval: z.optional(managerApprovalV1Schema),
});
export type AdjustIntentV1 = z.infer<typeof adjustIntentV1Schema>;

/**
 * A member enrolled at the till, online or offline: `memberId` is made by the till (see
 * `newMemberId`). The ledger creates the member once; when the phone number already belongs
 * to a member, it merges this id into that member (the answer's `mergedInto`) and applies
 * every intent naming this id to them. Carries no points.
 */
export const enrolIntentV1Schema = z.strictObject({
  ...intentBase,
  kind: z.literal('enrol'),
  /** As typed at the counter; the ledger normalises Indian mobile numbers. */
  phone: z.optional(phoneInputSchema),
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(120))),
  cardNumber: z.optional(cardNumberSchema),
  /** The consents the customer gave, by the brand's ids (e.g. `loyalty_terms`, `whatsapp_offers`). */
  consents: z.array(idSchema).check(z.maxLength(20)),
});
export type EnrolIntentV1 = z.infer<typeof enrolIntentV1Schema>;

/** Points an intent moves as on the wire (signed for an adjustment; 0 for an enrolment, which moves none). */
export function intentPoints(intent: { kind: IntentKind; points?: number }): number {
  return intent.kind === 'enrol' ? 0 : (intent.points ?? 0);
}

/** Any intent, told apart by `kind`. */
export const intentV1Schema = z.discriminatedUnion('kind', [
  accrueIntentV1Schema,
  redeemIntentV1Schema,
  reverseIntentV1Schema,
  adjustIntentV1Schema,
  enrolIntentV1Schema,
]);
export type IntentV1 = z.infer<typeof intentV1Schema>;

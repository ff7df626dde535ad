import { z } from 'zod';
import { billRefV1Schema } from './bill.js';
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

/** The four kinds of intent a till (or an admin) can send. */
export const INTENT_KINDS = ['accrue', 'redeem', 'reverse', 'adjust'] as const;
/** One of {@link INTENT_KINDS}. */
export type IntentKind = (typeof INTENT_KINDS)[number];

/** What the earning rules knew of the member when a till earned a bill. */
export const memberSnapshotV1Schema = z.strictObject({
  tier: idSchema,
  qualifyingPoints: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  visits: z.int().min(0).max(MAX_AMOUNT),
  promotionPoints: z.record(z.string().min(1).max(64), z.int().min(0).max(Number.MAX_SAFE_INTEGER)),
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
  rulesetVersion: z.int().min(1).optional(),
  /** The member as the till saw them when it earned the bill: lets the ledger check the till's arithmetic. */
  memberSnapshot: memberSnapshotV1Schema.optional(),
});
export type AccrueIntentV1 = z.infer<typeof accrueIntentV1Schema>;

/** Points spent, usually against a bill. */
export const redeemIntentV1Schema = z.strictObject({
  ...intentBase,
  kind: z.literal('redeem'),
  points: positivePointsSchema,
  bill: billRefV1Schema.optional(),
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
  lineIds: z.array(idSchema).min(1).max(500).optional(),
  /** The return bill, when the till made one. */
  bill: billRefV1Schema.optional(),
  reason: z.string().min(1).max(200).optional(),
});
export type ReverseIntentV1 = z.infer<typeof reverseIntentV1Schema>;

/**
 * A manager's approval of a till's adjustment: the manager id and PIN an admin registered for
 * the store. The ledger verifies it and never stores, hashes or echoes the PIN.
 */
export const managerApprovalV1Schema = z.strictObject({
  managerId: idSchema,
  pin: z.string().regex(/^[0-9]{6,12}$/, 'a manager PIN is 6 to 12 digits'),
});
export type ManagerApprovalV1 = z.infer<typeof managerApprovalV1Schema>;

/** A manual correction by a manager: positive credits the member, negative debits. */
export const adjustIntentV1Schema = z.strictObject({
  ...intentBase,
  kind: z.literal('adjust'),
  points: adjustmentPointsSchema,
  reason: z.string().min(1).max(200),
  approvedBy: z.string().min(1).max(64),
  /** From a till, the ledger applies an adjustment only with a manager's approval (optional on the wire, for older tills' queues). */
  approval: managerApprovalV1Schema.optional(),
});
export type AdjustIntentV1 = z.infer<typeof adjustIntentV1Schema>;

/** Any intent, told apart by `kind`. */
export const intentV1Schema = z.discriminatedUnion('kind', [
  accrueIntentV1Schema,
  redeemIntentV1Schema,
  reverseIntentV1Schema,
  adjustIntentV1Schema,
]);
export type IntentV1 = z.infer<typeof intentV1Schema>;

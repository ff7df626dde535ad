import * as z from 'zod/mini';
import {
  adjustmentPointsSchema,
  billRefV1Schema,
  idSchema,
  managerApprovalV1Schema,
  memberLookupV1Schema,
  positivePointsSchema,
  ulidSchema,
} from '../protocol/index.js';

/** `terminal.accrue()`: points earned on a bill. */
export const accrueArgsSchema = z.strictObject({ memberId: idSchema, points: positivePointsSchema, bill: billRefV1Schema });
export type AccrueArgs = z.input<typeof accrueArgsSchema>;

/**
 * `terminal.redeem()`: points spent, usually against a bill. `approval` is a manager's id and
 * PIN that lets the till redeem offline beyond the store's policy (basis `override`; the
 * ledger checks it).
 */
export const redeemArgsSchema = z.strictObject({
  memberId: idSchema,
  points: positivePointsSchema,
  bill: z.optional(billRefV1Schema),
  approval: z.optional(managerApprovalV1Schema),
});
export type RedeemArgs = z.input<typeof redeemArgsSchema>;

/**
 * `terminal.reverse()`: a return of an earlier accrual or redemption, whole or in part.
 * `memberId`, `points` and `originalKind` may be left out when the original was made at
 * this till (its record says them; `points` then defaults to all that is left).
 */
export const reverseArgsSchema = z.strictObject({
  originalIntentId: ulidSchema,
  memberId: z.optional(idSchema),
  points: z.optional(positivePointsSchema),
  originalKind: z.optional(z.enum(['accrue', 'redeem'])),
  lineIds: z.optional(z.array(idSchema).check(z.minLength(1), z.maxLength(500))),
  bill: z.optional(billRefV1Schema),
  reason: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
export type ReverseArgs = z.input<typeof reverseArgsSchema>;

/**
 * `terminal.adjust()`: a manager's correction, positive or negative. `approval` is the
 * manager's id and PIN (6 to 12 digits) that the reference ledger requires of a till's
 * adjustment (without it the ledger refuses it as `manager_approval_required`). Optional
 * here, for a brand's own ledger that does not use PINs. The PIN is kept on the till only
 * until the ledger settles the adjustment.
 */
export const adjustArgsSchema = z.strictObject({
  memberId: idSchema,
  points: adjustmentPointsSchema,
  reason: z.string().check(z.minLength(1), z.maxLength(200)),
  approvedBy: z.string().check(z.minLength(1), z.maxLength(64)),
  approval: z.optional(managerApprovalV1Schema),
});
export type AdjustArgs = z.input<typeof adjustArgsSchema>;

/** `terminal.holdPoints()`: holds a member's points at the ledger for a bill in progress. */
export const holdPointsArgsSchema = z.strictObject({ memberId: idSchema, points: positivePointsSchema, billId: z.optional(idSchema) });
export type HoldPointsArgs = z.input<typeof holdPointsArgsSchema>;

/** `terminal.prefetchAllowances()`: allowances for the store's `frequent` most frequent members and/or the members named. */
export const prefetchAllowancesArgsSchema = z
  .strictObject({
    frequent: z.optional(z.int().check(z.minimum(1), z.maximum(200))),
    memberIds: z.optional(z.array(idSchema).check(z.minLength(1), z.maxLength(200))),
  })
  .check(z.refine((a) => a.frequent !== undefined || a.memberIds !== undefined, 'name members or a number of frequent ones'));
export type PrefetchAllowancesArgs = z.input<typeof prefetchAllowancesArgsSchema>;

/** `terminal.lookupMember()`: by member id, card number or phone number. */
export const lookupArgsSchema = memberLookupV1Schema;
export type LookupArgs = z.input<typeof lookupArgsSchema>;

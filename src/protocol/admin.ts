import * as z from 'zod/mini';
import { cardNumberSchema, memberV1Schema, phoneInputSchema } from './member.js';
import { MAX_INSTANT_MS, adjustmentPointsSchema, idSchema, pointsSchema, ulidSchema, ulidTimeMs } from './primitives.js';
import { pushResultV1Schema } from './push.js';
import { PROTOCOL_VERSION } from './version.js';

/** A member to enrol, with an optional opening balance (journaled as an adjustment). */
export const newMemberV1Schema = z.strictObject({
  memberId: idSchema,
  cardNumber: z.optional(cardNumberSchema),
  phone: z.optional(phoneInputSchema),
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(120))),
  /** A tier id of the earning rules (tills send it back in their member snapshots). */
  tier: z.optional(idSchema.check(z.maxLength(32))),
  openingPoints: z.optional(pointsSchema),
});
export type NewMemberV1 = z.infer<typeof newMemberV1Schema>;

/** Enrols members, all or none. */
export const createMembersRequestV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  members: z.array(newMemberV1Schema).check(z.minLength(1), z.maxLength(10_000)),
});
export type CreateMembersRequestV1 = z.infer<typeof createMembersRequestV1Schema>;

export const createMembersResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  members: z.array(memberV1Schema),
});
export type CreateMembersResponseV1 = z.infer<typeof createMembersResponseV1Schema>;

/** Registers a till of a store; the answer carries its API key, shown only once. */
export const createTerminalRequestV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  terminalId: idSchema,
  storeId: idSchema,
  label: z.optional(z.string().check(z.minLength(1), z.maxLength(120))),
});
export type CreateTerminalRequestV1 = z.infer<typeof createTerminalRequestV1Schema>;

export const createTerminalResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  terminalId: idSchema,
  storeId: idSchema,
  apiKey: z.string(),
});
export type CreateTerminalResponseV1 = z.infer<typeof createTerminalResponseV1Schema>;

/** One manual or bulk adjustment by the loyalty team, idempotent by `intentId`. */
export const adminAdjustmentV1Schema = z.strictObject({
  /** Its time is the adjustment's time, so it must fall within the years an instant may name. */
  intentId: ulidSchema.check(z.refine((id) => ulidTimeMs(id) <= MAX_INSTANT_MS, 'the ULID\'s time must not be after the year 9999')),
  memberId: idSchema,
  points: adjustmentPointsSchema,
  reason: z.string().check(z.minLength(1), z.maxLength(200)),
  approvedBy: z.string().check(z.minLength(1), z.maxLength(64)),
});
export type AdminAdjustmentV1 = z.infer<typeof adminAdjustmentV1Schema>;

export const adminAdjustRequestV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  adjustments: z.array(adminAdjustmentV1Schema).check(z.minLength(1), z.maxLength(1000)),
});
export type AdminAdjustRequestV1 = z.infer<typeof adminAdjustRequestV1Schema>;

/** One result per adjustment, as for a push. */
export const adminAdjustResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  results: z.array(pushResultV1Schema),
});
export type AdminAdjustResponseV1 = z.infer<typeof adminAdjustResponseV1Schema>;

/** The trial balance: every account's balance; they sum to zero. */
export const trialBalanceV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  accounts: z.array(z.strictObject({ account: z.string(), balance: z.int() })),
  total: z.int(),
  /** Members whose stored balance differs from their journal (should be none). */
  mismatchedMembers: z.array(idSchema),
});
export type TrialBalanceV1 = z.infer<typeof trialBalanceV1Schema>;

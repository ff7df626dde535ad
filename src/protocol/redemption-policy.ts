import * as z from 'zod/mini';
import { idSchema, instantSchema, pointsSchema } from './primitives.js';
import { PROTOCOL_VERSION } from './version.js';

/**
 * How a till may let a member spend points when the ledger does not answer:
 * - `deny`: not at all; the till says so.
 * - `allowance`: only within points the ledger held for this till ahead of time (zero risk).
 * - `limit`: within the programme's offline limits, trusting the cached balance (bounded risk).
 */
export const OFFLINE_REDEMPTION_MODES = ['deny', 'allowance', 'limit'] as const;
export type OfflineRedemptionMode = (typeof OFFLINE_REDEMPTION_MODES)[number];

/**
 * Who carries an offline redemption's shortfall when, at reconciliation, the member no longer
 * has the points: `member_debt` (the member's balance goes below zero and future accruals
 * recover it) or `store_risk` (the store's risk account is charged). Both are journal entries.
 */
export const SHORTFALL_RULES = ['member_debt', 'store_risk'] as const;
export type ShortfallRule = (typeof SHORTFALL_RULES)[number];

const minutes = (max: number) => z.int().check(z.minimum(1), z.maximum(max));

/**
 * The programme's redemption policy, set per programme and overridable per store (each field
 * optional: an absent field falls back to the programme's, then the ledger's option, then the
 * default in {@link resolvedRedemptionPolicyV1Schema}).
 */
export const redemptionPolicyV1Schema = z.strictObject({
  /** What a till may do offline. @default 'deny' (a brand chooses `allowance` or `limit`) */
  offline: z.optional(z.enum(OFFLINE_REDEMPTION_MODES)),
  /** How long an online hold lives before the ledger releases it. @default 15 */
  holdMinutes: z.optional(minutes(24 * 60)),
  /** Most points one allowance holds for a till (less when the member has less). @default 1000 */
  allowancePoints: z.optional(pointsSchema),
  /** How long an allowance lives at the ledger. @default 480 (a shift) */
  allowanceMinutes: z.optional(minutes(7 * 24 * 60)),
  /** `limit`: most points one offline redemption may spend. @default 500 */
  limitPerRedemption: z.optional(pointsSchema),
  /** `limit`: most points one member may spend offline within 24 hours of bill time. @default 1000 */
  limitPerMember: z.optional(pointsSchema),
  /** `limit`: most points one till may let members spend offline within 24 hours of bill time: its exposure. @default 5000 */
  limitPerTill: z.optional(pointsSchema),
  /** `limit`: oldest cached balance a till may redeem against. @default 1440 (a day) */
  maxBalanceAgeMinutes: z.optional(minutes(30 * 24 * 60)),
  /** Who carries a shortfall. @default 'member_debt' */
  shortfall: z.optional(z.enum(SHORTFALL_RULES)),
  /** Consents an enrolment must carry (the brand's ids). @default [] */
  requiredConsents: z.optional(z.array(idSchema).check(z.maxLength(20))),
});
export type RedemptionPolicyV1 = z.infer<typeof redemptionPolicyV1Schema>;

/** The policy in force for one store, every field resolved. */
export const resolvedRedemptionPolicyV1Schema = z.strictObject({
  offline: z.enum(OFFLINE_REDEMPTION_MODES),
  holdMinutes: minutes(24 * 60),
  allowancePoints: pointsSchema,
  allowanceMinutes: minutes(7 * 24 * 60),
  limitPerRedemption: pointsSchema,
  limitPerMember: pointsSchema,
  limitPerTill: pointsSchema,
  maxBalanceAgeMinutes: minutes(30 * 24 * 60),
  shortfall: z.enum(SHORTFALL_RULES),
  requiredConsents: z.array(idSchema).check(z.maxLength(20)),
});
export type ResolvedRedemptionPolicyV1 = z.infer<typeof resolvedRedemptionPolicyV1Schema>;

/**
 * The defaults: no redemption offline until the brand chooses `allowance` (zero risk, but points
 * held for tills leave the member's available balance elsewhere) or `limit` (bounded risk).
 * Looking a member up then has no effect on their balance.
 */
export const DEFAULT_REDEMPTION_POLICY: ResolvedRedemptionPolicyV1 = {
  offline: 'deny',
  holdMinutes: 15,
  allowancePoints: 1000,
  allowanceMinutes: 480,
  limitPerRedemption: 500,
  limitPerMember: 1000,
  limitPerTill: 5000,
  maxBalanceAgeMinutes: 1440,
  shortfall: 'member_debt',
  requiredConsents: [],
};

/** Sets the policy of the programme (no `storeId`) or of one store, replacing what that scope had. */
export const setRedemptionPolicyRequestV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  storeId: z.optional(idSchema),
  policy: redemptionPolicyV1Schema,
});
export type SetRedemptionPolicyRequestV1 = z.infer<typeof setRedemptionPolicyRequestV1Schema>;

/** The policy as configured: the ledger's option, the programme's and each store's. */
export const redemptionPoliciesResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  defaults: redemptionPolicyV1Schema,
  program: redemptionPolicyV1Schema,
  stores: z.array(z.strictObject({ storeId: idSchema, policy: redemptionPolicyV1Schema })),
});
export type RedemptionPoliciesResponseV1 = z.infer<typeof redemptionPoliciesResponseV1Schema>;

/** `GET /v1/policy`: the policy in force for the calling till's store, with the ledger's clock. */
export const tillPolicyResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  storeId: idSchema,
  policy: resolvedRedemptionPolicyV1Schema,
  /** The ledger's clock when it answered: lets the till measure durations against it. */
  ledgerTime: instantSchema,
});
export type TillPolicyResponseV1 = z.infer<typeof tillPolicyResponseV1Schema>;

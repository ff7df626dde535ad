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

/** `GET /v1/policy`: the policy in force for the calling till's store, with the ledger's clock. */
export const tillPolicyResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  storeId: idSchema,
  policy: resolvedRedemptionPolicyV1Schema,
  /** The ledger's clock when it answered: lets the till measure durations against it. */
  ledgerTime: instantSchema,
});
export type TillPolicyResponseV1 = z.infer<typeof tillPolicyResponseV1Schema>;

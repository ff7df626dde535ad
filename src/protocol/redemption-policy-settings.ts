import * as z from 'zod/mini';
import { idSchema } from './primitives.js';
import { resolvedRedemptionPolicyV1Schema } from './redemption-policy.js';
import { PROTOCOL_VERSION } from './version.js';

// Each setting is the resolved policy's field, optional; the bounds live there, once.
const resolved = resolvedRedemptionPolicyV1Schema.shape;

/**
 * The programme's redemption policy, set per programme and overridable per store (each field
 * optional: an absent field falls back to the programme's, then the ledger's option, then the
 * default in `DEFAULT_REDEMPTION_POLICY`).
 */
export const redemptionPolicyV1Schema = z.strictObject({
  /** What a till may do offline. @default 'deny' (a brand chooses `allowance` or `limit`) */
  offline: z.optional(resolved.offline),
  /** How long an online hold lives before the ledger releases it. @default 15 */
  holdMinutes: z.optional(resolved.holdMinutes),
  /** Most points one allowance holds for a till (less when the member has less). @default 1000 */
  allowancePoints: z.optional(resolved.allowancePoints),
  /** How long an allowance lives at the ledger. @default 480 (a shift) */
  allowanceMinutes: z.optional(resolved.allowanceMinutes),
  /** `limit`: most points one offline redemption may spend. @default 500 */
  limitPerRedemption: z.optional(resolved.limitPerRedemption),
  /** `limit`: most points one member may spend offline within 24 hours of bill time. @default 1000 */
  limitPerMember: z.optional(resolved.limitPerMember),
  /** `limit`: most points one till may let members spend offline within 24 hours of bill time: its exposure. @default 5000 */
  limitPerTill: z.optional(resolved.limitPerTill),
  /** `limit`: oldest cached balance a till may redeem against. @default 1440 (a day) */
  maxBalanceAgeMinutes: z.optional(resolved.maxBalanceAgeMinutes),
  /** Who carries a shortfall. @default 'member_debt' */
  shortfall: z.optional(resolved.shortfall),
  /** Consents an enrolment must carry (the brand's ids). @default [] */
  requiredConsents: z.optional(resolved.requiredConsents),
});
export type RedemptionPolicyV1 = z.infer<typeof redemptionPolicyV1Schema>;

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

import * as z from 'zod/mini';
import { memberBalanceV1Schema } from './balance.js';
import { idSchema } from './primitives.js';
import { PROTOCOL_VERSION } from './version.js';

/** Most member ids one pull may name. */
export const MAX_PULL_MEMBERS = 5000;

/**
 * Asks for member balances changed since `cursor` (by any channel). `null` starts from
 * the beginning. With `memberIds`, only those members; without, every member.
 */
export const pullRequestV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  terminalId: idSchema,
  storeId: idSchema,
  cursor: z.nullable(z.string().check(z.minLength(1), z.maxLength(200))),
  memberIds: z.optional(z.array(idSchema).check(z.maxLength(MAX_PULL_MEMBERS))),
  /** Most changes in one answer. @default 1000 */
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(5000))),
});
export type PullRequestV1 = z.infer<typeof pullRequestV1Schema>;

/** A changed member: the confirmed balance, and what the earning rules know of them now. */
export const memberChangeV1Schema = z.extend(memberBalanceV1Schema, {
  earn: z.optional(
    z.strictObject({
      tier: idSchema,
      visits: z.int().check(z.minimum(0)),
      qualifyingPoints: z.int().check(z.minimum(0)),
      promotionPoints: z.record(z.string(), z.int().check(z.minimum(0))),
    }),
  ),
});
export type MemberChangeV1 = z.infer<typeof memberChangeV1Schema>;

/**
 * Changed balances and the cursor to send next time. A change may be sent more than
 * once; keep the one with the highest `version`. With `hasMore`, pull again at once.
 */
export const pullResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  changes: z.array(memberChangeV1Schema),
  cursor: z.string().check(z.minLength(1), z.maxLength(200)),
  hasMore: z.boolean(),
});
export type PullResponseV1 = z.infer<typeof pullResponseV1Schema>;

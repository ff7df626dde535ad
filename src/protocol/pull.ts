import { z } from 'zod';
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
  cursor: z.string().min(1).max(200).nullable(),
  memberIds: z.array(idSchema).max(MAX_PULL_MEMBERS).optional(),
  /** Most changes in one answer. @default 1000 */
  limit: z.int().min(1).max(5000).optional(),
});
export type PullRequestV1 = z.infer<typeof pullRequestV1Schema>;

/** A changed member: the confirmed balance, and what the earning rules know of them now. */
export const memberChangeV1Schema = memberBalanceV1Schema.extend({
  earn: z
    .strictObject({
      tier: idSchema,
      visits: z.int().min(0),
      qualifyingPoints: z.int().min(0),
      promotionPoints: z.record(z.string(), z.int().min(0)),
    })
    .optional(),
});
export type MemberChangeV1 = z.infer<typeof memberChangeV1Schema>;

/**
 * Changed balances and the cursor to send next time. A change may be sent more than
 * once; keep the one with the highest `version`. With `hasMore`, pull again at once.
 */
export const pullResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  changes: z.array(memberChangeV1Schema),
  cursor: z.string().min(1).max(200),
  hasMore: z.boolean(),
});
export type PullResponseV1 = z.infer<typeof pullResponseV1Schema>;

import * as z from 'zod/mini';
import { idSchema, instantSchema, pointsSchema } from './primitives.js';
import { PROTOCOL_VERSION } from './version.js';

/**
 * A ruleset travels as an object; both sides validate it with `rulesetV1Schema` from
 * `tillpoints/rules` (the protocol does not depend on the rules engine).
 */
const rulesetBodySchema = z.record(z.string(), z.unknown());

/** Publishes the next ruleset version; it applies to bills from `effectiveFrom` (default: now). */
export const publishRulesetRequestV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  ruleset: rulesetBodySchema,
  effectiveFrom: z.optional(instantSchema),
});
export type PublishRulesetRequestV1 = z.infer<typeof publishRulesetRequestV1Schema>;

/** A published ruleset, as a till pulls it and keeps it for offline use. */
export const rulesetResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  version: z.int().check(z.minimum(1)),
  effectiveFrom: instantSchema,
  publishedAt: instantSchema,
  ruleset: rulesetBodySchema,
});
export type RulesetResponseV1 = z.infer<typeof rulesetResponseV1Schema>;

/**
 * How the ledger treated the points a till computed for an accrual: `honoured` when the
 * till's ruleset version was in force at the bill's time (or within the grace period after
 * a newer one) and its result checks out; `recomputed` otherwise, and the difference is a
 * visible adjustment with its reason.
 */
export const earnReviewV1Schema = z.strictObject({
  outcome: z.enum(['honoured', 'recomputed']),
  /** The ruleset version the applied points come from. */
  rulesetVersion: z.int().check(z.minimum(1)),
  tillRulesetVersion: z.nullable(z.int().check(z.minimum(1))),
  tillPoints: z.int().check(z.minimum(0)),
  ledgerPoints: z.int().check(z.minimum(0)),
  /** Points per bill line as applied: what a return by line takes back. */
  lines: z.record(idSchema, pointsSchema),
  reason: z.string(),
});
export type EarnReviewV1 = z.infer<typeof earnReviewV1Schema>;

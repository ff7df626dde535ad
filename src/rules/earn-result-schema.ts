import * as z from 'zod/mini';
import { idSchema, pointsSchema, positivePointsSchema } from '../protocol/primitives.js';

// In a module of its own, so the engine (on the till) does not carry these schemas (the ledger's).
export { RULES_ENGINE_VERSION } from './engine-version.js';

/** One rule's share of a line's points, and why, in words a receipt or a support agent can show. */
export const ruleEntrySchema = z.strictObject({
  /** `rate:base`, `rate:category:<c>`, `rate:sku:<s>`, `tier:<id>`, `promotion:<id>`, `first-purchase`, `visit:<id>`, `excluded:category:<c>`, `excluded:sku:<s>`, `minimum-bill`. */
  ruleId: z.string().check(z.minLength(1), z.maxLength(200)),
  points: pointsSchema,
  /** `Happy hour ×2, 16:00–19:00` */
  reason: z.string().check(z.minLength(1), z.maxLength(300)),
});
/** One rule's share of a line's points. */
export type RuleEntry = z.infer<typeof ruleEntrySchema>;

/** What one line earned: `points` is the sum of its `rules`; the first rule says its rate, or why it earns nothing. */
export const earnLineSchema = z
  .strictObject({
    lineId: idSchema,
    points: pointsSchema,
    rules: z.array(ruleEntrySchema).check(z.minLength(1), z.maxLength(500)),
  })
  .check(
    z.refine((line) => line.rules.reduce((sum, r) => sum + r.points, 0) === line.points, {
      message: 'a line’s points must equal the sum of its rules',
      path: ['points'],
    }),
  );
/** What one line earned. */
export type EarnLine = z.infer<typeof earnLineSchema>;

/** The member's tier before and after the bill, and how far the next one is. */
export const tierOutcomeSchema = z.strictObject({
  before: idSchema,
  /** Never lower than `before`: the till only upgrades; downgrades are the ledger's, when the window rolls. */
  after: idSchema,
  upgraded: z.boolean(),
  /** The tier above `after`, or `null` at the top. */
  next: z.nullable(idSchema),
  /** Qualifying points still needed for `next`, or `null` at the top. */
  pointsToNext: z.nullable(positivePointsSchema),
  /** Qualifying points within the window, this bill included. */
  qualifyingPoints: z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER)),
  /** `Upgraded: now Gold`, `Silver: 1,792 pts to Gold`, `Platinum: top tier`. */
  summary: z.string().check(z.minLength(1), z.maxLength(200)),
});
/** The member's tier before and after the bill. */
export type TierOutcome = z.infer<typeof tierOutcomeSchema>;

/**
 * What a bill earns, every point explained: `total` is the sum of the lines' `points`, and
 * each line's `points` the sum of its `rules`. Validates those sums, so a result that
 * travelled on the wire can be trusted as far as its arithmetic goes.
 */
export const earnResultSchema = z
  .strictObject({
    engineVersion: z.int().check(z.minimum(1)),
    rulesetVersion: z.int().check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER)),
    billId: idSchema,
    total: pointsSchema,
    lines: z.array(earnLineSchema).check(z.minLength(1), z.maxLength(500)),
    tier: tierOutcomeSchema,
  })
  .check(
    z.superRefine((result, ctx) => {
      const ids = new Set(result.lines.map((l) => l.lineId));
      if (ids.size !== result.lines.length)
        ctx.addIssue({ code: 'custom', message: 'line ids must be unique', path: ['lines'] });
      if (result.lines.reduce((sum, l) => sum + l.points, 0) !== result.total) {
        ctx.addIssue({
          code: 'custom',
          message: 'total must equal the sum of the lines’ points',
          path: ['total'],
        });
      }
    }),
  );
/** What a bill earns. */
export type EarnResult = z.infer<typeof earnResultSchema>;

import * as z from 'zod/mini';
import { idSchema, paiseSchema } from '../protocol/primitives.js';
import { catalogKeySchema } from './earn-rate-schema.js';
import { timeWindowSchema } from './time-window-schema.js';

/** Most bonus points one rule may give on one bill. */
export const MAX_BONUS_POINTS = 1_000_000;

/**
 * What a promotion gives:
 * - `multiplier`: `percent` of the line's base points (200 = ×2), on every line in scope; the
 *   extra over 100% is the promotion's points, rounded per line by the ruleset's rounding;
 * - `bonus`: fixed `points` for the bill, shared by the lines in scope in proportion to their amount.
 */
export const promotionRewardSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('multiplier'), percent: z.int().check(z.minimum(101), z.maximum(1000)) }),
  z.strictObject({
    kind: z.literal('bonus'),
    points: z.int().check(z.minimum(1), z.maximum(MAX_BONUS_POINTS)),
  }),
]);
/** What a promotion gives. */
export type PromotionReward = z.infer<typeof promotionRewardSchema>;

/**
 * A promotion: a reward for the lines in scope of bills made in its window at its stores.
 * @example
 * { id: 'happy-hour', name: 'Happy hour', window: { hours: { from: '16:00', to: '19:00' } },
 *   reward: { kind: 'multiplier', percent: 200 }, capPerBill: 500 }
 */
export const promotionSchema = z.strictObject({
  /** Stable id: the key of `RuleMember.promotionPoints`, and `promotion:<id>` in results. */
  id: idSchema,
  /** Shown on receipts: `Happy hour`. */
  name: z.string().check(z.minLength(1), z.maxLength(60)),
  /** Stores it runs at, or `'all'`. @default 'all' */
  stores: z._default(
    z.union([z.literal('all'), z.array(idSchema).check(z.minLength(1), z.maxLength(10_000))]),
    'all',
  ),
  /** Only lines of these categories (or of `skus`) take part; absent with `skus` absent: every line. */
  categories: z.optional(z.array(catalogKeySchema).check(z.minLength(1), z.maxLength(1000))),
  /** Only lines of these skus (or of `categories`) take part. */
  skus: z.optional(z.array(catalogKeySchema).check(z.minLength(1), z.maxLength(10_000))),
  /** When it runs; absent: always. */
  window: z.optional(timeWindowSchema),
  reward: promotionRewardSchema,
  /** The lines in scope must add up to at least this many paise. @default 0 */
  minSpendPaise: z._default(paiseSchema, 0),
  /** Most points it gives on one bill. */
  capPerBill: z.optional(z.int().check(z.minimum(1), z.maximum(MAX_BONUS_POINTS))),
  /** Most points it gives one member, ever (`RuleMember.promotionPoints[id]` holds what they have). */
  capPerMember: z.optional(z.int().check(z.minimum(1), z.maximum(MAX_BONUS_POINTS))),
});
/** A promotion, as parsed. */
export type Promotion = z.infer<typeof promotionSchema>;

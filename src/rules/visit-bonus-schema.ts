import * as z from 'zod/mini';
import { idSchema } from '../protocol/primitives.js';
import { MAX_BONUS_POINTS } from './promotion-schema.js';

/**
 * Bonus points for the member's Nth visit, where this bill is visit `RuleMember.visits + 1`.
 * With `every`, it comes on every Nth visit (5th, 10th, 15th ...).
 * @example { id: 'fifth-visit', name: '5th visit', nthVisit: 5, points: 50 }
 */
export const visitBonusSchema = z.strictObject({
  /** Stable id: `visit:<id>` in results. */
  id: idSchema,
  /** Shown on receipts: `5th visit`. */
  name: z.string().check(z.minLength(1), z.maxLength(60)),
  /** Which visit earns it; the first visit is `firstPurchaseBonus`'s. */
  nthVisit: z.int().check(z.minimum(2), z.maximum(100_000)),
  points: z.int().check(z.minimum(1), z.maximum(MAX_BONUS_POINTS)),
  /** Every `nthVisit`th visit rather than only that one. @default false */
  every: z._default(z.boolean(), false),
});
/** A visit bonus, as parsed. */
export type VisitBonus = z.infer<typeof visitBonusSchema>;

/** Bonus points for a member's first purchase (`RuleMember.visits` is 0). */
export const firstPurchaseBonusSchema = z.strictObject({
  points: z.int().check(z.minimum(1), z.maximum(MAX_BONUS_POINTS)),
});
/** A first-purchase bonus. */
export type FirstPurchaseBonus = z.infer<typeof firstPurchaseBonusSchema>;

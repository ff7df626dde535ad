import * as z from 'zod/mini';
import { MAX_AMOUNT } from '../protocol/primitives.js';
import { ROUNDING_MODES } from './int-math.js';

/** A sku or category name as the POS sends it (`staples`, `8901030865278`). */
export const catalogKeySchema = z.string().check(z.minLength(1), z.maxLength(64));

/** How fractional points round, applied per line: see `ROUNDING_MODES`. */
export const roundingModeSchema = z.enum(ROUNDING_MODES);

/**
 * An earn rate as a fraction, so no rate is ever a float: `points` per `perPaise` of line
 * amount. `{ points: 1, perPaise: 10000 }` is 1 point per ₹100; `{ points: 0, ... }` earns
 * nothing yet (unlike an exclusion) still counts towards the minimum bill value.
 * @example { points: 5, perPaise: 10000 } // 5 points per ₹100
 */
export const earnRateSchema = z.strictObject({
  /** Points earned per `perPaise`; at most 10,000, so `amount × points` stays far below 2^53. */
  points: z.int().check(z.minimum(0), z.maximum(10_000)),
  /** The amount in paise that earns `points`; at least 1. */
  perPaise: z.int().check(z.minimum(1), z.maximum(MAX_AMOUNT)),
});
/** An earn rate: `points` per `perPaise`. */
export type EarnRate = z.infer<typeof earnRateSchema>;

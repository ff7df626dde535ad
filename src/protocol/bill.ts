import * as z from 'zod/mini';
import { idSchema, paiseSchema, pointsSchema } from './primitives.js';

/**
 * One line of a bill as the till saw it: what the earning rules need, and `points`, what
 * the line earned by the till's ruleset (a return by line takes back exactly that).
 */
export const billLineV1Schema = z.strictObject({
  lineId: idSchema,
  sku: z.string().check(z.minLength(1), z.maxLength(64)),
  category: z.string().check(z.minLength(1), z.maxLength(64)),
  quantity: z.int().check(z.minimum(1), z.maximum(100_000)),
  unitPricePaise: paiseSchema,
  /** What the customer paid for the line, after line discounts. */
  amountPaise: paiseSchema,
  discountPaise: z.optional(paiseSchema),
  points: z.optional(pointsSchema),
});
/** One line of a bill. */
export type BillLineV1 = z.infer<typeof billLineV1Schema>;

/** The bill an intent belongs to: its id and total in paise, and optionally its lines. */
export const billRefV1Schema = z.strictObject({
  billId: idSchema,
  amountPaise: paiseSchema,
  lines: z.optional(z.array(billLineV1Schema).check(z.maxLength(500))),
});
/** The bill an intent belongs to. */
export type BillRefV1 = z.infer<typeof billRefV1Schema>;

import { z } from 'zod';
import { idSchema, paiseSchema, pointsSchema } from './primitives.js';

/**
 * One line of a bill as the till saw it: what the earning rules need, and `points`, what
 * the line earned by the till's ruleset (a return by line takes back exactly that).
 */
export const billLineV1Schema = z.strictObject({
  lineId: idSchema,
  sku: z.string().min(1).max(64),
  category: z.string().min(1).max(64),
  quantity: z.int().min(1).max(100_000),
  unitPricePaise: paiseSchema,
  /** What the customer paid for the line, after line discounts. */
  amountPaise: paiseSchema,
  discountPaise: paiseSchema.optional(),
  points: pointsSchema.optional(),
});
/** One line of a bill. */
export type BillLineV1 = z.infer<typeof billLineV1Schema>;

/** The bill an intent belongs to: its id and total in paise, and optionally its lines. */
export const billRefV1Schema = z.strictObject({
  billId: idSchema,
  amountPaise: paiseSchema,
  lines: z.array(billLineV1Schema).max(500).optional(),
});
/** The bill an intent belongs to. */
export type BillRefV1 = z.infer<typeof billRefV1Schema>;

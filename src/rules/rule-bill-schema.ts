import * as z from 'zod/mini';
import { MAX_AMOUNT, idSchema, instantSchema, paiseSchema } from '../protocol/primitives.js';
import { catalogKeySchema } from './earn-rate-schema.js';
import { parseInstantMinutes } from './local-time.js';

/**
 * One line of a bill. Only `amountPaise` (after the line's discounts) earns; `quantity`,
 * `unitPricePaise` and `discountPaise` are carried for receipts and audits. Bill-level
 * discounts must be spread onto the lines by the POS before the bill is evaluated.
 */
export const ruleBillLineSchema = z.strictObject({
  /** Unique within the bill; returns name lines by it. */
  lineId: idSchema,
  sku: catalogKeySchema,
  category: catalogKeySchema,
  quantity: z.int().check(z.minimum(1), z.maximum(100_000)),
  unitPricePaise: paiseSchema,
  /** What the customer paid for the line, after line discounts. */
  amountPaise: paiseSchema,
  discountPaise: z.optional(paiseSchema),
});
/** One line of a bill. */
export type RuleBillLine = z.infer<typeof ruleBillLineSchema>;

/** A bill as the engine sees it. Its lines add up to at most 2^31 - 1 paise, like a bill on the wire. */
export const ruleBillSchema = z
  .strictObject({
    billId: idSchema,
    storeId: idSchema,
    /** When the bill was made, with its offset: `2026-11-07T17:30:00+05:30`. */
    at: instantSchema.check(z.refine((s) => parseInstantMinutes(s) !== undefined, 'must be a real instant')),
    lines: z.array(ruleBillLineSchema).check(z.minLength(1), z.maxLength(500)),
  })
  .check(
    z.superRefine((bill, ctx) => {
      const ids = new Set<string>();
      let total = 0;
      bill.lines.forEach((line, i) => {
        if (ids.has(line.lineId))
          ctx.addIssue({ code: 'custom', message: 'line ids must be unique', path: ['lines', i, 'lineId'] });
        ids.add(line.lineId);
        total += line.amountPaise;
      });
      if (total > MAX_AMOUNT)
        ctx.addIssue({
          code: 'custom',
          message: 'the lines add up to more than 2^31 - 1 paise',
          path: ['lines'],
        });
    }),
  );
/** A bill as the engine sees it. */
export type RuleBill = z.infer<typeof ruleBillSchema>;

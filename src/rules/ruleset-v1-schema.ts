import * as z from 'zod/mini';
import { paiseSchema } from '../protocol/primitives.js';
import { catalogKeySchema, earnRateSchema, roundingModeSchema } from './earn-rate-schema.js';
import { promotionSchema } from './promotion-schema.js';
import { tierProgramSchema } from './tier-schema.js';
import { firstPurchaseBonusSchema, visitBonusSchema } from './visit-bonus-schema.js';

/** India Standard Time, UTC+05:30, in minutes. */
export const IST_OFFSET_MINUTES = 330;

function uniqueIds(items: readonly { id: string }[], what: string, ctx: z.core.$RefinementCtx, path: string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id))
      ctx.addIssue({ code: 'custom', message: `${what} ids must be unique`, path: [path, i, 'id'] });
    seen.add(item.id);
  });
}

/**
 * A brand's earning rules, version 1 of the format. A ruleset is data: the till and the ledger
 * run the same one, chosen by `version`, so both compute the same points. Once published,
 * a version never changes; a change is a new version.
 *
 * Per line, the rate is the sku's rate, else the category's, else `base`; excluded skus and
 * categories earn nothing, ever (an exclusion beats any rate), and do not count towards
 * `minimumBillPaise`.
 */
export const rulesetV1Schema = z
  .strictObject({
    /** Increases with every published change. */
    version: z.int().check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER)),
    /** For people: `FreshMart 2026 festive`. */
    name: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
    /** The stores' local time, in minutes ahead of UTC, for promotion windows. @default 330 (IST) */
    utcOffsetMinutes: z._default(z.int().check(z.minimum(-720), z.maximum(840)), IST_OFFSET_MINUTES),
    /** How every rate and multiplier rounds, per line. @default 'floor' */
    rounding: z._default(roundingModeSchema, 'floor'),
    /** The rate of lines without a sku or category rate. */
    base: earnRateSchema,
    /** Rates by category, over `base`. @default {} */
    categoryRates: z._default(z.record(catalogKeySchema, earnRateSchema), {}),
    /** Rates by sku, over the category's. @default {} */
    skuRates: z._default(z.record(catalogKeySchema, earnRateSchema), {}),
    /** What never earns (tobacco, gift cards). @default { categories: [], skus: [] } */
    excluded: z._default(
      z.strictObject({
        categories: z._default(z.array(catalogKeySchema).check(z.maxLength(1000)), []),
        skus: z._default(z.array(catalogKeySchema).check(z.maxLength(10_000)), []),
      }),
      { categories: [], skus: [] },
    ),
    /** The lines that are not excluded must add up to this many paise for the bill to earn at all. @default 0 */
    minimumBillPaise: z._default(paiseSchema, 0),
    /** Points for a member's first purchase. */
    firstPurchaseBonus: z.optional(firstPurchaseBonusSchema),
    /** Points for a member's Nth visit. @default [] */
    visitBonuses: z._default(z.array(visitBonusSchema).check(z.maxLength(20)), []),
    /** Time-boxed promotions, applied in this order. @default [] */
    promotions: z._default(z.array(promotionSchema).check(z.maxLength(200)), []),
    /** Tiers, their thresholds and multipliers. */
    tiers: tierProgramSchema,
  })
  .check(
    z.superRefine((ruleset, ctx) => {
      uniqueIds(ruleset.promotions, 'promotion', ctx, 'promotions');
      uniqueIds(ruleset.visitBonuses, 'visit bonus', ctx, 'visitBonuses');
    }),
  );

/** A ruleset, as parsed (defaults filled in). */
export type RulesetV1 = z.output<typeof rulesetV1Schema>;
/** A ruleset as written: fields with a default may be left out. */
export type RulesetV1Input = z.input<typeof rulesetV1Schema>;

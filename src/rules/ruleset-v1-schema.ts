import { z } from 'zod';
import { paiseSchema } from '../protocol/primitives.js';
import { catalogKeySchema, earnRateSchema, roundingModeSchema } from './earn-rate-schema.js';
import { promotionSchema } from './promotion-schema.js';
import { tierProgramSchema } from './tier-schema.js';
import { firstPurchaseBonusSchema, visitBonusSchema } from './visit-bonus-schema.js';

/** India Standard Time, UTC+05:30, in minutes. */
export const IST_OFFSET_MINUTES = 330;

function uniqueIds(items: readonly { id: string }[], what: string, ctx: z.RefinementCtx, path: string): void {
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
    version: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
    /** For people: `FreshMart 2026 festive`. */
    name: z.string().min(1).max(100).optional(),
    /** The stores' local time, in minutes ahead of UTC, for promotion windows. @default 330 (IST) */
    utcOffsetMinutes: z.int().min(-720).max(840).default(IST_OFFSET_MINUTES),
    /** How every rate and multiplier rounds, per line. @default 'floor' */
    rounding: roundingModeSchema.default('floor'),
    /** The rate of lines without a sku or category rate. */
    base: earnRateSchema,
    /** Rates by category, over `base`. @default {} */
    categoryRates: z.record(catalogKeySchema, earnRateSchema).default({}),
    /** Rates by sku, over the category's. @default {} */
    skuRates: z.record(catalogKeySchema, earnRateSchema).default({}),
    /** What never earns (tobacco, gift cards). @default { categories: [], skus: [] } */
    excluded: z
      .strictObject({
        categories: z.array(catalogKeySchema).max(1000).default([]),
        skus: z.array(catalogKeySchema).max(10_000).default([]),
      })
      .default({ categories: [], skus: [] }),
    /** The lines that are not excluded must add up to this many paise for the bill to earn at all. @default 0 */
    minimumBillPaise: paiseSchema.default(0),
    /** Points for a member's first purchase. */
    firstPurchaseBonus: firstPurchaseBonusSchema.optional(),
    /** Points for a member's Nth visit. @default [] */
    visitBonuses: z.array(visitBonusSchema).max(20).default([]),
    /** Time-boxed promotions, applied in this order. @default [] */
    promotions: z.array(promotionSchema).max(200).default([]),
    /** Tiers, their thresholds and multipliers. */
    tiers: tierProgramSchema,
  })
  .superRefine((ruleset, ctx) => {
    uniqueIds(ruleset.promotions, 'promotion', ctx, 'promotions');
    uniqueIds(ruleset.visitBonuses, 'visit bonus', ctx, 'visitBonuses');
  });

/** A ruleset, as parsed (defaults filled in). */
export type RulesetV1 = z.output<typeof rulesetV1Schema>;
/** A ruleset as written: fields with a default may be left out. */
export type RulesetV1Input = z.input<typeof rulesetV1Schema>;

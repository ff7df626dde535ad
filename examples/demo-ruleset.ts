/**
 * The demo's earning rules: "Kirana & Kapda", a (made-up) Indian chain of stores that sell
 * groceries and clothes under one roof, and its catalogue.
 *
 * Ruleset v1, the everyday rules:
 * - 1 point per ₹100; fruits & vegetables 2 per ₹100; apparel 5 and footwear 3 per ₹100;
 *   the chain's own basmati 4 per ₹100 (a sku rate, over its category's);
 * - tobacco, gift cards and infant formula never earn (the IMS Act forbids incentives on
 *   infant food), and do not count towards the ₹100 minimum bill;
 * - every 10th visit a 100-point bonus;
 * - tiers over a rolling year: Classic, Gold at 2,000 qualifying points (×1.25), Platinum at
 *   10,000 (×1.5).
 *
 * Ruleset v2 (`festiveRuleset`): the same, plus Diwali double points (×2 on every earning
 * line, at most 1,000 extra points a bill) for the festive week.
 *
 * Nothing here depends on the time of day or the day of the week, so the demo's points are the
 * same on every run; the festive week is dated from the day the demo runs.
 */
import type { RulesetV1Input } from '../src/rules/index.js';

export const rulesetV1 = {
  version: 1,
  name: 'Kirana & Kapda Rewards 2026',
  rounding: 'floor',
  base: { points: 1, perPaise: 10_000 },
  categoryRates: {
    'fruits-vegetables': { points: 2, perPaise: 10_000 },
    apparel: { points: 5, perPaise: 10_000 },
    footwear: { points: 3, perPaise: 10_000 },
  },
  skuRates: { 'KK-BASMATI-5KG': { points: 4, perPaise: 10_000 } },
  excluded: { categories: ['tobacco', 'gift-cards', 'infant-formula'] },
  minimumBillPaise: 10_000,
  visitBonuses: [{ id: 'every-10th-visit', name: 'Every 10th visit', nthVisit: 10, every: true, points: 100 }],
  tiers: {
    windowDays: 365,
    levels: [
      { id: 'classic', name: 'Classic', minQualifyingPoints: 0 },
      { id: 'gold', name: 'Gold', minQualifyingPoints: 2_000, multiplierPercent: 125 },
      { id: 'platinum', name: 'Platinum', minQualifyingPoints: 10_000, multiplierPercent: 150 },
    ],
  },
} satisfies RulesetV1Input;

/** A date in India (IST, UTC+05:30), `YYYY-MM-DD`, `days` after `at`. */
const istDate = (at: Date, days = 0) => new Date(at.getTime() + 330 * 60_000 + days * 86_400_000).toISOString().slice(0, 10);

/** Ruleset v2: v1 plus Diwali double points for the week starting on `today` (in IST). */
export function festiveRuleset(today: Date) {
  return {
    ...rulesetV1,
    version: 2,
    name: 'Kirana & Kapda Rewards 2026: Diwali',
    promotions: [
      {
        id: 'diwali-double',
        name: 'Diwali double points',
        window: { from: istDate(today), to: istDate(today, 6) },
        reward: { kind: 'multiplier', percent: 200 },
        capPerBill: 1_000,
      },
    ],
  } satisfies RulesetV1Input;
}

/** What the stores sell: sku -> name, category and price in paise. */
export const catalogue = {
  'KK-BASMATI-5KG': { name: 'K&K basmati rice 5 kg', category: 'staples', paise: 64_900 },
  'ATTA-10KG': { name: 'whole-wheat atta 10 kg', category: 'staples', paise: 54_500 },
  'TOOR-DAL-1KG': { name: 'toor dal 1 kg', category: 'staples', paise: 18_000 },
  'SUNFLOWER-OIL-1L': { name: 'sunflower oil 1 l', category: 'staples', paise: 16_500 },
  'GHEE-1L': { name: 'cow ghee 1 l', category: 'dairy', paise: 65_000 },
  'ONION-1KG': { name: 'onions 1 kg', category: 'fruits-vegetables', paise: 4_000 },
  'BANANA-DOZEN': { name: 'bananas, a dozen', category: 'fruits-vegetables', paise: 6_000 },
  'ALPHONSO-DOZEN': { name: 'Alphonso mangoes, a dozen', category: 'fruits-vegetables', paise: 90_000 },
  'DETERGENT-2KG': { name: 'detergent 2 kg', category: 'home-care', paise: 42_000 },
  'SOAN-PAPDI-500G': { name: 'soan papdi 500 g', category: 'sweets', paise: 25_000 },
  'KAJU-500G': { name: 'cashews 500 g', category: 'dry-fruits', paise: 65_000 },
  'DIYA-SET-12': { name: 'clay diyas, 12', category: 'pooja', paise: 19_900 },
  'KURTA-COTTON': { name: 'cotton kurta', category: 'apparel', paise: 129_900 },
  'LEHENGA-BRIDAL': { name: 'bridal lehenga', category: 'apparel', paise: 42_00_000 },
  'JUTTI-PAIR': { name: 'embroidered juttis', category: 'footwear', paise: 119_900 },
  'CIGARETTES-10': { name: 'cigarettes, 10', category: 'tobacco', paise: 18_000 },
  'GIFT-CARD-1000': { name: 'gift card ₹1,000', category: 'gift-cards', paise: 1_00_000 },
  'INFANT-FORMULA-400G': { name: 'infant formula 400 g', category: 'infant-formula', paise: 85_000 },
} as const;
export type Sku = keyof typeof catalogue;

/** A bill's lines from `[sku, quantity]` pairs, at catalogue prices (L1, L2, ...). */
export function basket(...items: readonly (readonly [Sku, number])[]) {
  return items.map(([sku, quantity], i) => {
    const { category, paise } = catalogue[sku];
    return { lineId: `L${i + 1}`, sku, category, quantity, unitPricePaise: paise, amountPaise: paise * quantity };
  });
}

import type { RulesetV1Input } from '../../../src/rules/index.js';

/**
 * A fashion chain: 5 pts per ₹100 on apparel (2 on the basic tee), 1 elsewhere, rounding half
 * up; happy hour 16:00–19:00 ×2 on apparel at two stores, capped at 500 per bill; 100 points on
 * a first purchase, 50 on the 5th visit; tiers Silver 0, Gold 2,000, Platinum 10,000 (×1.2).
 */
export const fashionRuleset = {
  version: 7,
  name: 'Threads 2026',
  rounding: 'round-half-up',
  base: { points: 1, perPaise: 10_000 },
  categoryRates: { apparel: { points: 5, perPaise: 10_000 } },
  skuRates: { 'TEE-BASIC': { points: 2, perPaise: 10_000 } },
  excluded: { categories: ['gift-cards'] },
  firstPurchaseBonus: { points: 100 },
  visitBonuses: [{ id: 'fifth-visit', name: '5th visit', nthVisit: 5, points: 50 }],
  promotions: [
    {
      id: 'happy-hour',
      name: 'Happy hour',
      stores: ['blr-indiranagar', 'mum-bandra'],
      categories: ['apparel'],
      window: { hours: { from: '16:00', to: '19:00' } },
      reward: { kind: 'multiplier', percent: 200 },
      capPerBill: 500,
    },
  ],
  tiers: {
    windowDays: 365,
    levels: [
      { id: 'silver', name: 'Silver', minQualifyingPoints: 0 },
      { id: 'gold', name: 'Gold', minQualifyingPoints: 2_000 },
      { id: 'platinum', name: 'Platinum', minQualifyingPoints: 10_000, multiplierPercent: 120 },
    ],
  },
} satisfies RulesetV1Input;

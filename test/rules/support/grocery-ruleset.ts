import type { RulesetV1Input } from '../../../src/rules/index.js';

/**
 * A grocery chain: 1 pt per ₹100, staples 2 pts per ₹100, tobacco and gift cards excluded,
 * Gold ×1.5, a 50-point festive weekend bonus (at most 200 per member), minimum bill ₹200.
 */
export const groceryRuleset = {
  version: 3,
  name: 'FreshMart festive 2026',
  base: { points: 1, perPaise: 10_000 },
  categoryRates: { staples: { points: 2, perPaise: 10_000 } },
  excluded: { categories: ['tobacco', 'gift-cards'] },
  minimumBillPaise: 20_000,
  promotions: [
    {
      id: 'festive-weekend',
      name: 'Festive weekend',
      window: { from: '2026-10-17', to: '2026-11-15', daysOfWeek: ['sat', 'sun'] },
      reward: { kind: 'bonus', points: 50 },
      capPerMember: 200,
    },
  ],
  tiers: {
    windowDays: 365,
    levels: [
      { id: 'classic', name: 'Classic', minQualifyingPoints: 0 },
      { id: 'gold', name: 'Gold', minQualifyingPoints: 5_000, multiplierPercent: 150 },
      { id: 'platinum', name: 'Platinum', minQualifyingPoints: 20_000, multiplierPercent: 200 },
    ],
  },
} satisfies RulesetV1Input;

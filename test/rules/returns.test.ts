import { describe, expect, it } from 'vitest';
import {
  diffEarn,
  evaluateEarn,
  isRulesError,
  promotionPointsOf,
  reversalPoints,
} from '../../src/rules/index.js';
import { bill, line } from './support/bills.js';
import { groceryRuleset } from './support/grocery-ruleset.js';

// The festive Saturday bill: rice 9 + 23 bonus, a gift card 0, chips 5 + 27 bonus.
const earn = evaluateEarn(
  groceryRuleset,
  bill(
    'pune-kothrud',
    '2026-11-07T11:00:00+05:30',
    line('L1', 'RICE-5KG', 'staples', 450),
    line('L2', 'GIFT-2000', 'gift-cards', 2_000),
    line('L3', 'CHIPS', 'snacks', 550),
  ),
  { tier: 'classic', qualifyingPoints: 4_990, visits: 3 },
);

describe('returns', () => {
  it.each([
    ['the whole bill', undefined, 64],
    ['the rice, with its share of the festive bonus', ['L1'], 32],
    ['the gift card, which earned nothing', ['L2'], 0],
    ['every line, named', ['L3', 'L1', 'L2'], 64],
    ['no line', [], 0],
  ])('take back exactly what %s earned', (_, lineIds, expected) => {
    expect(reversalPoints(earn, lineIds)).toBe(expected);
  });

  it('refuse a line the bill does not have, with a typed error', () => {
    expect(() => reversalPoints(earn, ['L9'])).toThrowError(
      expect.objectContaining({ name: 'RulesError', code: 'unknown_line' }),
    );
    try {
      reversalPoints(earn, ['L1', 'L9']);
    } catch (error) {
      expect(isRulesError(error, 'unknown_line')).toBe(true);
      expect(error).toBeInstanceOf(Error);
    }
  });

  it('refuse a line named twice, so nothing is taken back twice', () => {
    expect(() => reversalPoints(earn, ['L1', 'L1'])).toThrowError(
      expect.objectContaining({ code: 'duplicate_line' }),
    );
  });

  it('count promotions named like object properties (constructor, toString) as plain ids', () => {
    const ruleset = {
      ...groceryRuleset,
      promotions: [
        {
          id: 'constructor',
          name: 'Launch',
          reward: { kind: 'bonus' as const, points: 10 },
          capPerMember: 15,
        },
        { id: 'toString', name: 'Launch 2', reward: { kind: 'multiplier' as const, percent: 200 } },
      ],
    };
    const result = evaluateEarn(
      ruleset,
      bill('s1', '2026-11-11T11:00:00+05:30', line('L1', 'RICE-5KG', 'staples', 450)),
      {
        tier: 'classic',
        qualifyingPoints: 0,
        visits: 1,
        promotionPoints: { toString: 3 },
      },
    );
    expect(result.total).toBe(9 + 10 + 9);
    expect(promotionPointsOf(result)).toEqual({ constructor: 10, toString: 9 });
  });

  it('say how many promotion points come back off the member’s per-member count', () => {
    expect(promotionPointsOf(earn)).toEqual({ 'festive-weekend': 50 });
    expect(promotionPointsOf(earn, ['L3'])).toEqual({ 'festive-weekend': 27 });
    expect(promotionPointsOf(earn, ['L2'])).toEqual({});
  });
});

describe('comparing a till’s claim with the ledger’s own evaluation', () => {
  it('finds nothing when the till claimed the same points, line by line', () => {
    expect(
      diffEarn(earn, { points: 64, lines: earn.lines.map(({ lineId, points }) => ({ lineId, points })) }),
    ).toEqual([]);
    expect(diffEarn(earn, { points: 64 })).toEqual([]);
  });

  it('names every difference', () => {
    const claim = {
      points: 70,
      lines: [
        { lineId: 'L1', points: 38 },
        { lineId: 'L3', points: 32 },
        { lineId: 'L4', points: 0 },
      ],
    };
    expect(diffEarn(earn, claim)).toEqual([
      { kind: 'total', expected: 64, claimed: 70 },
      { kind: 'line', lineId: 'L1', expected: 32, claimed: 38 },
      { kind: 'missing_line', lineId: 'L2' },
      { kind: 'unknown_line', lineId: 'L4' },
    ]);
  });
});

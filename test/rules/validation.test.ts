import { describe, expect, it } from 'vitest';
import {
  earnResultSchema,
  evaluateEarn,
  isRulesError,
  ruleBillSchema,
  ruleMemberSchema,
  rulesetV1Schema,
  type RuleBill,
  type RulesetV1Input,
} from '../../src/rules/index.js';
import { bill, line } from './support/bills.js';
import { fashionRuleset } from './support/fashion-ruleset.js';
import { groceryRuleset } from './support/grocery-ruleset.js';

const goodBill = bill(
  's1',
  '2026-11-11T11:00:00+05:30',
  line('L1', 'RICE-5KG', 'staples', 450),
  line('L2', 'CHIPS', 'snacks', 550),
);
const goodMember = { tier: 'classic', qualifyingPoints: 0, visits: 1 };
const festive = groceryRuleset.promotions[0];
const levels = groceryRuleset.tiers.levels;

/** Catches what `fn` throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const badRulesets: [string, unknown, string][] = [
  ['a float rate', { ...groceryRuleset, base: { points: 1.5, perPaise: 10_000 } }, 'base.points'],
  ['a negative rate', { ...groceryRuleset, base: { points: -1, perPaise: 10_000 } }, 'base.points'],
  [
    'a rate per zero paise',
    { ...groceryRuleset, categoryRates: { staples: { points: 2, perPaise: 0 } } },
    'categoryRates.staples.perPaise',
  ],
  ['version 0', { ...groceryRuleset, version: 0 }, 'version'],
  ['a float minimum bill', { ...groceryRuleset, minimumBillPaise: 199.99 }, 'minimumBillPaise'],
  ['an offset beyond +14:00', { ...groceryRuleset, utcOffsetMinutes: 900 }, 'utcOffsetMinutes'],
  ['an unknown rounding', { ...groceryRuleset, rounding: 'bankers' }, 'rounding'],
  ['an unknown field', { ...groceryRuleset, multiplier: 2 }, ''],
  [
    'a float multiplier',
    { ...groceryRuleset, promotions: [{ ...festive, reward: { kind: 'multiplier', percent: 150.5 } }] },
    'promotions.0.reward.percent',
  ],
  ['two promotions with one id', { ...groceryRuleset, promotions: [festive, festive] }, 'promotions.1.id'],
  [
    'a date that does not exist',
    { ...groceryRuleset, promotions: [{ ...festive, window: { from: '2026-02-30' } }] },
    'promotions.0.window.from',
  ],
  [
    'a window that ends before it starts',
    { ...groceryRuleset, promotions: [{ ...festive, window: { from: '2026-11-15', to: '2026-11-01' } }] },
    'promotions.0.window.to',
  ],
  [
    'hours that start and end together',
    { ...groceryRuleset, promotions: [{ ...festive, window: { hours: { from: '16:00', to: '16:00' } } }] },
    'promotions.0.window.hours',
  ],
  [
    'an hour 25:00',
    { ...groceryRuleset, promotions: [{ ...festive, window: { hours: { from: '16:00', to: '25:00' } } }] },
    'promotions.0.window.hours.to',
  ],
  [
    'a first tier above 0',
    { ...groceryRuleset, tiers: { windowDays: 365, levels: [{ ...levels[0], minQualifyingPoints: 10 }] } },
    'tiers.levels.0.minQualifyingPoints',
  ],
  [
    'thresholds that do not increase',
    { ...groceryRuleset, tiers: { windowDays: 365, levels: [levels[0], levels[2], levels[1]] } },
    'tiers.levels.2.minQualifyingPoints',
  ],
  [
    'a tier multiplier below ×1',
    { ...groceryRuleset, tiers: { windowDays: 365, levels: [{ ...levels[0], multiplierPercent: 50 }] } },
    'tiers.levels.0.multiplierPercent',
  ],
  [
    'a visit bonus for the first visit',
    { ...fashionRuleset, visitBonuses: [{ id: 'v', name: 'V', nthVisit: 1, points: 5 }] },
    'visitBonuses.0.nthVisit',
  ],
];

describe('rulesets', () => {
  it.each(badRulesets)('refuses %s, naming where', (_, ruleset, path) => {
    const result = rulesetV1Schema.safeParse(ruleset);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
    const error = thrown(() => evaluateEarn(ruleset as RulesetV1Input, goodBill, goodMember));
    expect(isRulesError(error, 'invalid_ruleset')).toBe(true);
    expect(
      (error as { details: { issues: { path: string[] }[] } }).details.issues.map((i) => i.path.join('.')),
    ).toContain(path);
  });

  it('accepts both worked-example rulesets, with defaults filled in', () => {
    expect(rulesetV1Schema.parse(groceryRuleset)).toMatchObject({
      utcOffsetMinutes: 330,
      rounding: 'floor',
      skuRates: {},
    });
    expect(rulesetV1Schema.parse(fashionRuleset).promotions[0]).toMatchObject({
      minSpendPaise: 0,
      stores: ['blr-indiranagar', 'mum-bandra'],
    });
  });
});

const badBills: [string, (b: RuleBill) => unknown, string][] = [
  [
    'a float amount',
    (b) => ({ ...b, lines: [{ ...b.lines[0], amountPaise: 450.5 }] }),
    'lines.0.amountPaise',
  ],
  [
    'a negative amount',
    (b) => ({ ...b, lines: [{ ...b.lines[0], amountPaise: -100 }] }),
    'lines.0.amountPaise',
  ],
  ['a zero quantity', (b) => ({ ...b, lines: [{ ...b.lines[0], quantity: 0 }] }), 'lines.0.quantity'],
  ['two lines with one id', (b) => ({ ...b, lines: [b.lines[0], b.lines[0]] }), 'lines.1.lineId'],
  ['no lines', (b) => ({ ...b, lines: [] }), 'lines'],
  ['a time without an offset', (b) => ({ ...b, at: '2026-11-11T11:00:00' }), 'at'],
  ['a date that does not exist', (b) => ({ ...b, at: '2026-02-30T11:00:00+05:30' }), 'at'],
  [
    'lines adding up past 2^31 - 1 paise',
    (b) => ({ ...b, lines: b.lines.map((l) => ({ ...l, amountPaise: 2_000_000_000 })) }),
    'lines',
  ],
  [
    'a missing category',
    (b) => ({ ...b, lines: [{ lineId: 'L1', sku: 'X', quantity: 1, unitPricePaise: 1, amountPaise: 1 }] }),
    'lines.0.category',
  ],
];

describe('bills and members', () => {
  it.each(badBills)('refuses a bill with %s', (_, change, path) => {
    const bad = change(goodBill);
    expect(ruleBillSchema.safeParse(bad).error?.issues.map((i) => i.path.join('.'))).toContain(path);
    expect(
      isRulesError(
        thrown(() => evaluateEarn(groceryRuleset, bad as RuleBill, goodMember)),
        'invalid_bill',
      ),
    ).toBe(true);
  });

  it.each([
    ['float qualifying points', { ...goodMember, qualifyingPoints: 10.5 }, 'qualifyingPoints'],
    ['negative visits', { ...goodMember, visits: -1 }, 'visits'],
    ['float promotion points', { ...goodMember, promotionPoints: { p: 1.5 } }, 'promotionPoints.p'],
  ])('refuses a member with %s', (_, member, path) => {
    expect(ruleMemberSchema.safeParse(member).error?.issues.map((i) => i.path.join('.'))).toContain(path);
    expect(
      isRulesError(
        thrown(() => evaluateEarn(groceryRuleset, goodBill, member)),
        'invalid_member',
      ),
    ).toBe(true);
  });

  it('refuses a member whose tier the ruleset does not know', () => {
    const error = thrown(() => evaluateEarn(groceryRuleset, goodBill, { ...goodMember, tier: 'diamond' }));
    expect(isRulesError(error, 'unknown_tier')).toBe(true);
    expect(error).toMatchObject({ name: 'RulesError', code: 'unknown_tier', details: { tier: 'diamond' } });
  });
});

describe('earn results on the wire', () => {
  it('accepts a result and refuses one whose points do not add up', () => {
    const result = evaluateEarn(groceryRuleset, goodBill, goodMember);
    expect(earnResultSchema.parse(JSON.parse(JSON.stringify(result)))).toEqual(result);
    const tampered = {
      ...result,
      lines: [{ ...result.lines[0]!, points: result.lines[0]!.points + 5 }, ...result.lines.slice(1)],
    };
    expect(earnResultSchema.safeParse(tampered).success).toBe(false);
    expect(earnResultSchema.safeParse({ ...result, total: result.total + 1 }).success).toBe(false);
  });
});

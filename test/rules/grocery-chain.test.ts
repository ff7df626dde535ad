import { describe, expect, it } from 'vitest';
import { evaluateEarn, type RuleBill, type RuleMemberInput } from '../../src/rules/index.js';
import { bill, line, pointsByLine } from './support/bills.js';
import { groceryRuleset } from './support/grocery-ruleset.js';

const WEDNESDAY = '2026-11-11T11:00:00+05:30';
const SATURDAY = '2026-11-07T11:00:00+05:30';
const SUNDAY_EVENING = '2026-11-08T18:00:00+05:30';
const STORE = 'pune-kothrud';

const classic = (qualifyingPoints: number, visits = 10, promotionPoints = {}): RuleMemberInput => ({
  tier: 'classic',
  qualifyingPoints,
  visits,
  promotionPoints,
});
const gold = (qualifyingPoints: number): RuleMemberInput => ({ tier: 'gold', qualifyingPoints, visits: 30 });

interface Row {
  name: string;
  bill: RuleBill;
  member: RuleMemberInput;
  total: number;
  lines: Record<string, number>;
  tier: string;
}

const rows: Row[] = [
  {
    name: 'a weekday basket: staples earn double, shampoo rounds down, tobacco earns nothing',
    bill: bill(
      STORE,
      WEDNESDAY,
      line('L1', 'RICE-5KG', 'staples', 450),
      line('L2', 'SHAMPOO', 'personal-care', 299),
      line('L3', 'CIG-20', 'tobacco', 350),
    ),
    member: classic(1_200),
    total: 11,
    lines: { L1: 9, L2: 2, L3: 0 },
    tier: 'Classic: 3,789 pts to Gold',
  },
  {
    name: 'below the ₹200 minimum once tobacco is left out: nothing earned',
    bill: bill(STORE, WEDNESDAY, line('L1', 'DAL-1KG', 'staples', 150), line('L2', 'CIG-20', 'tobacco', 500)),
    member: classic(1_200),
    total: 0,
    lines: { L1: 0, L2: 0 },
    tier: 'Classic: 3,800 pts to Gold',
  },
  {
    name: 'Gold earns ×1.5 on base points, rounded down per line',
    bill: bill(
      STORE,
      WEDNESDAY,
      line('L1', 'RICE-5KG', 'staples', 450),
      line('L2', 'BISCUITS', 'snacks', 1_250),
    ),
    member: gold(6_000),
    total: 31,
    lines: { L1: 13, L2: 18 },
    tier: 'Gold: 13,969 pts to Platinum',
  },
  {
    name: 'the festive Saturday bonus of 50 is shared by line value and lifts the member to Gold',
    bill: bill(
      STORE,
      SATURDAY,
      line('L1', 'RICE-5KG', 'staples', 450),
      line('L2', 'GIFT-2000', 'gift-cards', 2_000),
      line('L3', 'CHIPS', 'snacks', 550),
    ),
    member: classic(4_990, 3),
    total: 64,
    lines: { L1: 32, L2: 0, L3: 32 },
    tier: 'Upgraded: now Gold (14,946 pts to Platinum)',
  },
  {
    name: 'the festive bonus stops at the member’s cap of 200 (180 already earned)',
    bill: bill(
      STORE,
      SUNDAY_EVENING,
      line('L1', 'RICE-5KG', 'staples', 450),
      line('L2', 'CHIPS', 'snacks', 550),
    ),
    member: classic(100, 12, { 'festive-weekend': 180 }),
    total: 34,
    lines: { L1: 18, L2: 16 },
    tier: 'Classic: 4,866 pts to Gold',
  },
  {
    name: 'Friday 23:30 UTC is Saturday 05:00 in the store, so the weekend bonus applies',
    bill: bill(STORE, '2026-11-06T23:30:00Z', line('L1', 'ATTA-10KG', 'staples', 600)),
    member: classic(0, 5),
    total: 62,
    lines: { L1: 62 },
    tier: 'Classic: 4,938 pts to Gold',
  },
  {
    name: 'Friday 18:00 UTC is Friday 23:30 in the store: no weekend bonus',
    bill: bill(STORE, '2026-11-06T18:00:00Z', line('L1', 'ATTA-10KG', 'staples', 600)),
    member: classic(0, 5),
    total: 12,
    lines: { L1: 12 },
    tier: 'Classic: 4,988 pts to Gold',
  },
];

describe('a grocery chain (1 pt per ₹100, staples ×2, tobacco and gift cards excluded, Gold ×1.5, festive weekends, ₹200 minimum)', () => {
  it.each(rows)('$name', (row) => {
    const result = evaluateEarn(groceryRuleset, row.bill, row.member);
    expect(result.total).toBe(row.total);
    expect(pointsByLine(result)).toEqual(row.lines);
    expect(result.tier.summary).toBe(row.tier);
    expect(result.rulesetVersion).toBe(3);
  });

  it('explains every point of the festive Saturday bill on its lines', () => {
    const result = evaluateEarn(groceryRuleset, rows[3]!.bill, rows[3]!.member);
    expect(result.lines.map((l) => l.rules)).toEqual([
      [
        { ruleId: 'rate:category:staples', points: 9, reason: 'Rate for staples: 2 pts per ₹100 on ₹450' },
        {
          ruleId: 'promotion:festive-weekend',
          points: 23,
          reason: 'Festive weekend bonus 50 pts on the bill, shared by line value',
        },
      ],
      [
        {
          ruleId: 'excluded:category:gift-cards',
          points: 0,
          reason: 'Excluded (gift-cards): earns no points',
        },
      ],
      [
        { ruleId: 'rate:base', points: 5, reason: 'Base rate: 1 pt per ₹100 on ₹550' },
        {
          ruleId: 'promotion:festive-weekend',
          points: 27,
          reason: 'Festive weekend bonus 50 pts on the bill, shared by line value',
        },
      ],
    ]);
    expect(result.tier).toMatchObject({
      before: 'classic',
      after: 'gold',
      upgraded: true,
      next: 'platinum',
      pointsToNext: 14_946,
    });
  });

  it('says why a bill below the minimum earns nothing', () => {
    const result = evaluateEarn(groceryRuleset, rows[1]!.bill, rows[1]!.member);
    expect(result.lines[0]!.rules).toEqual([
      {
        ruleId: 'minimum-bill',
        points: 0,
        reason: 'Bill of ₹150 (excluded items not counted) is below the ₹200 minimum to earn',
      },
    ]);
  });
});

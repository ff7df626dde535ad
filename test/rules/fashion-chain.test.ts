import { describe, expect, it } from 'vitest';
import { evaluateEarn, type RuleBill, type RuleMemberInput } from '../../src/rules/index.js';
import { bill, line, pointsByLine } from './support/bills.js';
import { fashionRuleset } from './support/fashion-ruleset.js';

const MONDAY_MORNING = '2026-11-23T11:00:00+05:30';
const at = (time: string) => `2026-11-23T${time}:00+05:30`;

const member = (tier: string, qualifyingPoints: number, visits: number): RuleMemberInput => ({
  tier,
  qualifyingPoints,
  visits,
});

interface Row {
  name: string;
  bill: RuleBill;
  member: RuleMemberInput;
  total: number;
  lines: Record<string, number>;
  tier: string;
}

const bigBill = (time: string) =>
  bill(
    'mum-bandra',
    at(time),
    line('L1', 'LEHENGA-RED', 'apparel', 12_000),
    line('L2', 'SHERWANI-IVORY', 'apparel', 8_000),
  );

const rows: Row[] = [
  {
    name: 'a first purchase earns the 100-point welcome bonus, shared by line value',
    bill: bill(
      'mum-bandra',
      MONDAY_MORNING,
      line('L1', 'KURTA-BLUE', 'apparel', 1_999),
      line('L2', 'BELT-TAN', 'accessories', 799),
    ),
    member: member('silver', 0, 0),
    total: 208,
    lines: { L1: 171, L2: 37 },
    tier: 'Silver: 1,792 pts to Gold',
  },
  {
    name: 'happy hour doubles apparel (the basic tee at its own rate) at a participating store',
    bill: bill(
      'blr-indiranagar',
      at('17:30'),
      line('L1', 'JEANS-SLIM', 'apparel', 2_499),
      line('L2', 'TEE-BASIC', 'apparel', 499),
      line('L3', 'SOCKS-3', 'accessories', 300),
    ),
    member: member('silver', 300, 2),
    total: 273,
    lines: { L1: 250, L2: 20, L3: 3 },
    tier: 'Silver: 1,427 pts to Gold',
  },
  {
    name: 'happy hour stops at 500 points per bill, filled in line order, and the bill makes the member Gold',
    bill: bigBill('18:00'),
    member: member('silver', 1_200, 3),
    total: 1_500,
    lines: { L1: 1_100, L2: 400 },
    tier: 'Upgraded: now Gold (7,300 pts to Platinum)',
  },
  {
    name: '19:00 is after happy hour (windows are half-open)',
    bill: bigBill('19:00'),
    member: member('silver', 1_200, 3),
    total: 1_000,
    lines: { L1: 600, L2: 400 },
    tier: 'Upgraded: now Gold (7,800 pts to Platinum)',
  },
  {
    name: 'happy hour does not run at other stores',
    bill: bill('del-saket', at('17:30'), line('L1', 'JEANS-SLIM', 'apparel', 2_499)),
    member: member('silver', 300, 2),
    total: 125,
    lines: { L1: 125 },
    tier: 'Silver: 1,575 pts to Gold',
  },
  {
    name: 'the 5th visit earns 50 bonus points; the gift card earns and shares nothing',
    bill: bill(
      'del-saket',
      MONDAY_MORNING,
      line('L1', 'SHIRT-WHITE', 'apparel', 1_500),
      line('L2', 'SOCKS-3', 'accessories', 300),
      line('L3', 'GIFT-1000', 'gift-cards', 1_000),
    ),
    member: member('silver', 800, 4),
    total: 128,
    lines: { L1: 117, L2: 11, L3: 0 },
    tier: 'Silver: 1,072 pts to Gold',
  },
  {
    name: 'the 6th visit earns no visit bonus',
    bill: bill('del-saket', MONDAY_MORNING, line('L1', 'SHIRT-WHITE', 'apparel', 1_500)),
    member: member('silver', 800, 5),
    total: 75,
    lines: { L1: 75 },
    tier: 'Silver: 1,125 pts to Gold',
  },
  {
    name: 'Platinum earns ×1.2 on base points',
    bill: bill('del-saket', MONDAY_MORNING, line('L1', 'JEANS-SLIM', 'apparel', 2_499)),
    member: member('platinum', 12_000, 40),
    total: 150,
    lines: { L1: 150 },
    tier: 'Platinum: top tier',
  },
];

describe('a fashion chain (5 pts per ₹100 on apparel, happy hour ×2 capped at 500, welcome and 5th-visit bonuses, Silver/Gold/Platinum)', () => {
  it.each(rows)('$name', (row) => {
    const result = evaluateEarn(fashionRuleset, row.bill, row.member);
    expect(result.total).toBe(row.total);
    expect(pointsByLine(result)).toEqual(row.lines);
    expect(result.tier.summary).toBe(row.tier);
  });

  it('shows the happy-hour cap on the line it cut, and nothing for the line that got none', () => {
    const result = evaluateEarn(fashionRuleset, bigBill('18:00'), member('silver', 1_200, 3));
    expect(result.lines.map((l) => l.rules)).toEqual([
      [
        {
          ruleId: 'rate:category:apparel',
          points: 600,
          reason: 'Rate for apparel: 5 pts per ₹100 on ₹12,000',
        },
        {
          ruleId: 'promotion:happy-hour',
          points: 500,
          reason: 'Happy hour ×2, 16:00–19:00 (capped at 500 pts per bill)',
        },
      ],
      [
        {
          ruleId: 'rate:category:apparel',
          points: 400,
          reason: 'Rate for apparel: 5 pts per ₹100 on ₹8,000',
        },
      ],
    ]);
    expect(result.tier).toEqual({
      before: 'silver',
      after: 'gold',
      upgraded: true,
      next: 'platinum',
      pointsToNext: 7_300,
      qualifyingPoints: 2_700,
      summary: 'Upgraded: now Gold (7,300 pts to Platinum)',
    });
  });

  it('names the welcome bonus on each line that carries part of it', () => {
    const result = evaluateEarn(fashionRuleset, rows[0]!.bill, rows[0]!.member);
    expect(result.lines[1]!.rules).toEqual([
      { ruleId: 'rate:base', points: 8, reason: 'Base rate: 1 pt per ₹100 on ₹799' },
      {
        ruleId: 'first-purchase',
        points: 29,
        reason: 'First purchase bonus 100 pts on the bill, shared by line value',
      },
    ]);
  });
});

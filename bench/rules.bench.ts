/**
 * How many bills per second the earning-rules engine evaluates: a 50-line bill against a
 * realistic 32-rule ruleset (base, 8 category and 6 sku rates, 4 exclusions, 4 tiers,
 * 6 promotions of which 4 are open, a first-purchase and 2 visit bonuses), on a Saturday
 * happy hour in the festive season, for a Gold member on their 5th visit.
 *   (a) cached    the same ruleset object every bill: validated once, as a till or ledger
 *                 holding its rulesets in memory does
 *   (b) fresh     a new ruleset object every bill (a structured clone): validated every
 *                 time, as when a ruleset is parsed from JSON per bill
 *   (c) + wire    (a), then the result checked with earnResultSchema, as a ledger does with
 *                 what a till sent
 * Each is measured for BENCH_SECONDS (default 3) after a one-second warm-up.
 *
 *   npx tsx bench/rules.bench.ts
 */
import { performance } from 'node:perf_hooks';
import {
  earnResultSchema,
  evaluateEarn,
  type RuleBill,
  type RuleMemberInput,
  type RulesetV1Input,
} from '../src/rules/index.js';

const rate = (points: number, perPaise = 10_000) => ({ points, perPaise });
const CATEGORIES = [
  'staples',
  'dairy',
  'snacks',
  'beverages',
  'personal-care',
  'household',
  'apparel',
  'footwear',
  'tobacco',
  'gift-cards',
];

const ruleset: RulesetV1Input = {
  version: 12,
  name: 'Bench Mart festive 2026',
  rounding: 'round-half-up',
  base: rate(1),
  categoryRates: {
    staples: rate(2),
    dairy: rate(1, 5_000),
    snacks: rate(1),
    beverages: rate(3, 20_000),
    'personal-care': rate(2),
    household: rate(1),
    apparel: rate(5),
    footwear: rate(4),
  },
  skuRates: {
    'SKU-1': rate(3),
    'SKU-2': rate(0),
    'SKU-3': rate(10),
    'SKU-4': rate(2, 2_500),
    'SKU-5': rate(1, 1_000),
    'SKU-6': rate(7),
  },
  excluded: { categories: ['tobacco', 'gift-cards'], skus: ['SKU-48', 'SKU-49'] },
  minimumBillPaise: 20_000,
  firstPurchaseBonus: { points: 100 },
  visitBonuses: [
    { id: 'fifth-visit', name: '5th visit', nthVisit: 5, points: 50 },
    { id: 'every-tenth', name: 'Every 10th visit', nthVisit: 10, points: 200, every: true },
  ],
  promotions: [
    {
      id: 'happy-hour',
      name: 'Happy hour',
      window: { hours: { from: '16:00', to: '19:00' } },
      reward: { kind: 'multiplier', percent: 200 },
      capPerBill: 500,
    },
    {
      id: 'weekend-fresh',
      name: 'Weekend fresh',
      categories: ['dairy', 'staples'],
      window: { daysOfWeek: ['sat', 'sun'] },
      reward: { kind: 'multiplier', percent: 150 },
    },
    {
      id: 'festive-bonus',
      name: 'Festive bonus',
      window: { from: '2026-10-17', to: '2026-11-15' },
      reward: { kind: 'bonus', points: 75 },
      minSpendPaise: 100_000,
      capPerMember: 300,
    },
    {
      id: 'shampoo-launch',
      name: 'Shampoo launch',
      skus: ['SKU-7', 'SKU-8'],
      reward: { kind: 'bonus', points: 20 },
    },
    {
      id: 'mumbai-only',
      name: 'Mumbai week',
      stores: ['mum-bandra', 'mum-andheri'],
      reward: { kind: 'multiplier', percent: 300 },
    },
    {
      id: 'monsoon',
      name: 'Monsoon sale',
      window: { from: '2026-07-01', to: '2026-08-31' },
      reward: { kind: 'multiplier', percent: 200 },
    },
  ],
  tiers: {
    windowDays: 365,
    levels: [
      { id: 'member', name: 'Member', minQualifyingPoints: 0 },
      { id: 'silver', name: 'Silver', minQualifyingPoints: 1_000, multiplierPercent: 110 },
      { id: 'gold', name: 'Gold', minQualifyingPoints: 5_000, multiplierPercent: 150 },
      { id: 'platinum', name: 'Platinum', minQualifyingPoints: 20_000, multiplierPercent: 200 },
    ],
  },
};

const bill: RuleBill = {
  billId: 'B-BENCH-1',
  storeId: 'pune-kothrud',
  at: '2026-11-07T17:45:00+05:30',
  lines: Array.from({ length: 50 }, (_, i) => {
    const unitPricePaise = 2_500 + ((i * 7_919) % 150_000);
    const quantity = 1 + (i % 3);
    return {
      lineId: `L${i + 1}`,
      sku: `SKU-${i}`,
      category: CATEGORIES[i % CATEGORIES.length] as string,
      quantity,
      unitPricePaise,
      amountPaise: unitPricePaise * quantity,
    };
  }),
};
const member: RuleMemberInput = {
  tier: 'gold',
  qualifyingPoints: 4_200,
  visits: 4,
  promotionPoints: { 'festive-bonus': 150 },
};

function measure(name: string, once: () => number, seconds: number): void {
  let sink = 0;
  const warmUntil = performance.now() + 1_000;
  while (performance.now() < warmUntil) sink += once();
  let bills = 0;
  const start = performance.now();
  const end = start + seconds * 1_000;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 100; i++) sink += once();
    bills += 100;
    now = performance.now();
  }
  const elapsed = (now - start) / 1_000;
  const perSecond = Math.round(bills / elapsed);
  const micros = ((now - start) * 1_000) / bills;
  console.log(
    `  ${name.padEnd(34)} ${perSecond.toLocaleString('en-IN').padStart(9)} bills/s  ${micros.toFixed(1).padStart(7)} µs/bill  (${bills} bills, checksum ${sink % 1_000_003})`,
  );
}

const seconds = Number(process.env.BENCH_SECONDS ?? '3');
if (!Number.isFinite(seconds) || seconds <= 0)
  throw new RangeError('BENCH_SECONDS must be a positive number');
const sample = evaluateEarn(ruleset, bill, member);
const open = new Set(
  sample.lines
    .flatMap((l) => l.rules.map((r) => r.ruleId))
    .filter((id) => id.startsWith('promotion:') || id === 'visit:fifth-visit'),
);
console.log(`tillpoints/rules: ${bill.lines.length}-line bill, 32-rule ruleset, Node ${process.version}`);
console.log(
  `  one evaluation: ${sample.total} points; bill rules that fired: ${[...open].sort().join(', ')}; tier: ${sample.tier.summary}`,
);
measure('(a) evaluateEarn, ruleset cached', () => evaluateEarn(ruleset, bill, member).total, seconds);
measure(
  '(b) evaluateEarn, fresh ruleset',
  () => evaluateEarn(structuredClone(ruleset), bill, member).total,
  seconds,
);
measure(
  '(c) (a) + earnResultSchema.parse',
  () => earnResultSchema.parse(evaluateEarn(ruleset, bill, member)).total,
  seconds,
);

import fc from 'fast-check';
import { MAX_AMOUNT } from '../../../src/protocol/index.js';
import type { RuleBill, RuleMemberInput, RulesetV1Input } from '../../../src/rules/index.js';

export const CATEGORIES = ['staples', 'snacks', 'apparel', 'dairy', 'tobacco', 'gift-cards'] as const;
export const SKUS = ['RICE-5KG', 'CHIPS', 'JEANS', 'MILK', 'CIG-20', 'GIFT-500', 'TEE'] as const;
export const STORES = ['s1', 's2', 's3'] as const;

const realisticRate = fc.record({
  points: fc.integer({ min: 0, max: 10 }),
  perPaise: fc.constantFrom(100, 1_000, 2_500, 10_000, 20_000, 333),
});
/** Mostly rates a brand would set; sometimes the extremes the schema allows. */
const rate = fc.oneof(
  { weight: 9, arbitrary: realisticRate },
  {
    weight: 1,
    arbitrary: fc.record({
      points: fc.integer({ min: 0, max: 10_000 }),
      perPaise: fc.integer({ min: 1, max: MAX_AMOUNT }),
    }),
  },
);
const hhmm = fc
  .integer({ min: 0, max: 23 * 60 + 59 })
  .map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
const isoDate2026 = fc
  .integer({ min: 0, max: 364 })
  .map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));

const window = fc
  .record(
    {
      from: isoDate2026,
      to: isoDate2026,
      daysOfWeek: fc.subarray(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const, { minLength: 1 }),
      hours: fc
        .tuple(hhmm, hhmm)
        .filter(([a, b]) => a !== b)
        .map(([from, to]) => ({ from, to })),
    },
    { requiredKeys: [] },
  )
  .map((w) =>
    w.from !== undefined && w.to !== undefined && w.from > w.to ? { ...w, from: w.to, to: w.from } : w,
  );

const promotion = fc.record(
  {
    name: fc.constantFrom('Happy hour', 'Festive weekend', 'Dairy days'),
    stores: fc.oneof(fc.constant('all' as const), fc.subarray([...STORES], { minLength: 1 })),
    categories: fc.subarray([...CATEGORIES], { minLength: 1 }),
    skus: fc.subarray([...SKUS], { minLength: 1 }),
    window,
    reward: fc.oneof(
      fc.record({ kind: fc.constant('multiplier' as const), percent: fc.integer({ min: 101, max: 1000 }) }),
      fc.record({ kind: fc.constant('bonus' as const), points: fc.integer({ min: 1, max: 1_000 }) }),
    ),
    minSpendPaise: fc.integer({ min: 0, max: 100_000 }),
    capPerBill: fc.integer({ min: 1, max: 2_000 }),
    capPerMember: fc.integer({ min: 1, max: 5_000 }),
  },
  { requiredKeys: ['name', 'reward'] },
);

const tiers = fc
  .uniqueArray(fc.integer({ min: 1, max: 50_000 }), { maxLength: 3 })
  .chain((thresholds) =>
    fc.tuple(
      ...[0, ...thresholds.sort((a, b) => a - b)].map((min, i) =>
        fc
          .integer({ min: 100, max: 300 })
          .map((multiplierPercent) => ({
            id: `t${i}`,
            name: `Tier ${i}`,
            minQualifyingPoints: min,
            multiplierPercent,
          })),
      ),
    ),
  )
  .map((levels) => ({ windowDays: 365, levels }));

/** Any valid ruleset, mostly realistic. */
export const rulesetArb: fc.Arbitrary<RulesetV1Input> = fc
  .record(
    {
      version: fc.integer({ min: 1, max: 1_000 }),
      utcOffsetMinutes: fc.constantFrom(330, 345, 0, -300, 840, -720),
      rounding: fc.constantFrom('floor' as const, 'round-half-up' as const, 'ceil' as const),
      base: rate,
      categoryRates: fc.dictionary(fc.constantFrom(...CATEGORIES), rate, { maxKeys: 4 }),
      skuRates: fc.dictionary(fc.constantFrom(...SKUS), rate, { maxKeys: 4 }),
      excluded: fc.record({
        categories: fc.subarray([...CATEGORIES], { maxLength: 2 }),
        skus: fc.subarray([...SKUS], { maxLength: 2 }),
      }),
      minimumBillPaise: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100_000 })),
      firstPurchaseBonus: fc.record({ points: fc.integer({ min: 1, max: 500 }) }),
      visitBonuses: fc.array(
        fc.record({
          nthVisit: fc.integer({ min: 2, max: 6 }),
          points: fc.integer({ min: 1, max: 500 }),
          every: fc.boolean(),
        }),
        { maxLength: 2 },
      ),
      promotions: fc.array(promotion, { maxLength: 5 }),
      tiers,
    },
    { requiredKeys: ['version', 'base', 'tiers', 'promotions', 'visitBonuses'] },
  )
  .map((r) => ({
    ...r,
    promotions: r.promotions.map((p, i) => ({ id: `p${i}`, ...p })),
    visitBonuses: r.visitBonuses.map((v, i) => ({ id: `v${i}`, name: `Visit ${v.nthVisit}`, ...v })),
  }));

const offsetText = (minutes: number) => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
};
/** An instant in 2026, written with one of several offsets. */
export const instantArb = fc
  .tuple(fc.integer({ min: 0, max: 365 * 1440 - 1 }), fc.constantFrom(330, 0, -300, 345, 840, -720))
  .map(([minute, offset]) => {
    const local = new Date(Date.UTC(2026, 0, 1) + (minute + offset) * 60_000).toISOString().slice(0, 19);
    return offset === 0 && minute % 2 === 0 ? `${local}Z` : `${local}${offsetText(offset)}`;
  });

const amount = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 500_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: Math.floor(MAX_AMOUNT / 20) }) },
);
/** A valid bill of 1 to 20 lines. */
export const billArb: fc.Arbitrary<RuleBill> = fc
  .record({
    storeId: fc.constantFrom(...STORES),
    at: instantArb,
    lines: fc.array(
      fc.record({
        sku: fc.constantFrom(...SKUS),
        category: fc.constantFrom(...CATEGORIES),
        amountPaise: amount,
      }),
      { minLength: 1, maxLength: 20 },
    ),
  })
  .map((b) => ({
    billId: 'B-1',
    storeId: b.storeId,
    at: b.at,
    lines: b.lines.map((l, i) => ({ lineId: `L${i + 1}`, quantity: 1, unitPricePaise: l.amountPaise, ...l })),
  }));

/** A member of one of `ruleset`'s tiers. */
export function memberArb(ruleset: RulesetV1Input): fc.Arbitrary<RuleMemberInput> {
  const ids = (ruleset.promotions ?? []).map((p) => p.id);
  return fc.record({
    tier: fc.constantFrom(...ruleset.tiers.levels.map((l) => l.id)),
    qualifyingPoints: fc.integer({ min: 0, max: 60_000 }),
    visits: fc.integer({ min: 0, max: 12 }),
    promotionPoints:
      ids.length === 0
        ? fc.constant({})
        : fc.dictionary(fc.constantFrom(...ids), fc.integer({ min: 0, max: 5_000 }), { maxKeys: ids.length }),
  });
}

/** A ruleset, a bill and a member of it. */
export const caseArb = rulesetArb.chain((ruleset) =>
  fc.tuple(fc.constant(ruleset), billArb, memberArb(ruleset)),
);

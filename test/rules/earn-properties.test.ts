import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT } from '../../src/protocol/index.js';
import {
  earnResultSchema,
  evaluateEarn,
  isRulesError,
  promotionPointsOf,
  reversalPoints,
  rulesetV1Schema,
  type EarnResult,
  type RuleBill,
  type RuleMemberInput,
  type RulesetV1Input,
} from '../../src/rules/index.js';
import { caseArb, rulesetArb } from './support/arbitraries.js';

const RUNS = { numRuns: 400 };

/** Evaluates, or returns `undefined` when the bill would earn more than one intent can carry. */
function evaluate(ruleset: RulesetV1Input, bill: RuleBill, member: RuleMemberInput): EarnResult | undefined {
  try {
    return evaluateEarn(ruleset, bill, member);
  } catch (error) {
    if (isRulesError(error, 'points_out_of_range')) return undefined;
    throw error;
  }
}

function everyNumber(value: unknown, visit: (n: number, path: string) => void, path = '$'): void {
  if (typeof value === 'number') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => everyNumber(v, visit, `${path}[${i}]`));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) everyNumber(v, visit, `${path}.${k}`);
}

describe('earning, for any valid ruleset, bill and member', () => {
  it('explains every point: the total is the sum of the lines, and each line the sum of its rules', () => {
    fc.assert(
      fc.property(caseArb, ([ruleset, bill, member]) => {
        const result = evaluate(ruleset, bill, member);
        if (!result) return;
        expect(result.total).toBe(result.lines.reduce((s, l) => s + l.points, 0));
        for (const line of result.lines)
          expect(line.points).toBe(line.rules.reduce((s, r) => s + r.points, 0));
        expect(result.lines.map((l) => l.lineId)).toEqual(bill.lines.map((l) => l.lineId));
        expect(earnResultSchema.safeParse(result).success).toBe(true);
      }),
      RUNS,
    );
  });

  it('holds only safe, non-negative integers, and never a negative point', () => {
    fc.assert(
      fc.property(caseArb, ([ruleset, bill, member]) => {
        const result = evaluate(ruleset, bill, member);
        everyNumber(result, (n, path) => {
          expect(Number.isSafeInteger(n), path).toBe(true);
          expect(n, path).toBeGreaterThanOrEqual(0);
        });
      }),
      RUNS,
    );
  });

  it('is deterministic: the same input, even as a fresh copy, gives a deep-equal result', () => {
    fc.assert(
      fc.property(caseArb, ([ruleset, bill, member]) => {
        const first = evaluate(ruleset, bill, member);
        expect(evaluate(structuredClone(ruleset), structuredClone(bill), structuredClone(member))).toEqual(
          first,
        );
      }),
      RUNS,
    );
  });

  it('gives nothing to excluded skus and categories, and says so', () => {
    fc.assert(
      fc.property(caseArb, ([ruleset, bill, member]) => {
        const result = evaluate(ruleset, bill, member);
        if (!result) return;
        const parsed = rulesetV1Schema.parse(ruleset);
        bill.lines.forEach((line, i) => {
          if (!parsed.excluded.categories.includes(line.category) && !parsed.excluded.skus.includes(line.sku))
            return;
          expect(result.lines[i]!.points).toBe(0);
          expect(result.lines[i]!.rules).toHaveLength(1);
          expect(result.lines[i]!.rules[0]!.ruleId).toMatch(/^excluded:/);
        });
      }),
      RUNS,
    );
  });

  it('takes back exactly what the returned lines earned, never more than the bill, and all of it for every line', () => {
    fc.assert(
      fc.property(
        caseArb.chain(([ruleset, bill, member]) =>
          fc.tuple(
            fc.constant(evaluate(ruleset, bill, member)),
            fc.shuffledSubarray(bill.lines.map((l) => l.lineId)),
          ),
        ),
        ([result, lineIds]) => {
          if (!result) return;
          const back = reversalPoints(result, lineIds);
          const expected = result.lines
            .filter((l) => lineIds.includes(l.lineId))
            .reduce((s, l) => s + l.points, 0);
          expect(back).toBe(expected);
          expect(back).toBeLessThanOrEqual(result.total);
          expect(
            reversalPoints(
              result,
              result.lines.map((l) => l.lineId),
            ),
          ).toBe(result.total);
          expect(reversalPoints(result)).toBe(result.total);
        },
      ),
      RUNS,
    );
  });

  it('never lets a promotion pass its per-bill cap or what its per-member cap leaves', () => {
    fc.assert(
      fc.property(caseArb, ([ruleset, bill, member]) => {
        const result = evaluate(ruleset, bill, member);
        if (!result) return;
        const given = promotionPointsOf(result);
        for (const promotion of ruleset.promotions ?? []) {
          const points = given[promotion.id] ?? 0;
          if (promotion.capPerBill !== undefined) expect(points).toBeLessThanOrEqual(promotion.capPerBill);
          const already = member.promotionPoints?.[promotion.id] ?? 0;
          if (promotion.capPerMember !== undefined)
            expect(points).toBeLessThanOrEqual(Math.max(0, promotion.capPerMember - already));
        }
      }),
      RUNS,
    );
  });

  it('earns nothing below the minimum bill value, excluded lines not counted', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 100_000 }), ([ruleset, bill, member], above) => {
        const parsed = rulesetV1Schema.parse(ruleset);
        const eligible = bill.lines
          .filter(
            (l) => !parsed.excluded.categories.includes(l.category) && !parsed.excluded.skus.includes(l.sku),
          )
          .reduce((s, l) => s + l.amountPaise, 0);
        // Lines of a generated bill add up to less than MAX_AMOUNT, so this minimum is always above them.
        const minimumBillPaise = Math.min(eligible + above, MAX_AMOUNT);
        expect(evaluateEarn({ ...ruleset, minimumBillPaise }, bill, member).total).toBe(0);
      }),
      RUNS,
    );
  });

  it('rounds per line: without bill-level rules, a line earns the same alone as on any bill', () => {
    const plain = rulesetArb.map((r) => ({
      ...r,
      promotions: [],
      visitBonuses: [],
      firstPurchaseBonus: undefined,
      minimumBillPaise: 0,
    }));
    const member = { tier: 't0', qualifyingPoints: 0, visits: 3 };
    fc.assert(
      fc.property(
        plain,
        caseArb.map(([, bill]) => bill),
        (ruleset, bill) => {
          const { firstPurchaseBonus: _, ...rules } = ruleset;
          const whole = evaluate(rules, bill, member);
          if (!whole) return;
          bill.lines.forEach((line, i) => {
            expect(evaluate(rules, { ...bill, lines: [line] }, member)?.total).toBe(whole.lines[i]!.points);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

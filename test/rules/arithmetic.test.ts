import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT } from '../../src/protocol/index.js';
import { allocateLargestRemainder } from '../../src/rules/allocate-largest-remainder.js';
import { floorDiv, mulDivRound, type RoundingMode } from '../../src/rules/int-math.js';

function reference(a: number, b: number, d: number, mode: RoundingMode): bigint {
  const p = BigInt(a) * BigInt(b);
  const q = p / BigInt(d);
  const r = p % BigInt(d);
  if (r === 0n || mode === 'floor') return q;
  if (mode === 'ceil') return q + 1n;
  return 2n * r >= BigInt(d) ? q + 1n : q;
}

describe('integer arithmetic', () => {
  it.each([
    [450_00, 2, 100_00, 'floor', 9],
    [299_00, 1, 100_00, 'floor', 2],
    [299_00, 1, 100_00, 'round-half-up', 3],
    [250_00, 1, 100_00, 'round-half-up', 3],
    [249_99, 1, 100_00, 'round-half-up', 2],
    [1, 1, 100_00, 'ceil', 1],
    [0, 5, 7, 'ceil', 0],
  ] as const)('%i × %i / %i rounded %s is %i', (a, b, d, mode, expected) => {
    expect(mulDivRound(a, b, d, mode)).toBe(expected);
  });

  it('matches BigInt arithmetic for any amount × rate, past 2^53 too', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_AMOUNT }),
        fc.integer({ min: 0, max: MAX_AMOUNT }),
        fc.integer({ min: 1, max: MAX_AMOUNT }),
        fc.constantFrom<RoundingMode>('floor', 'round-half-up', 'ceil'),
        (a, b, d, mode) => {
          const expected = reference(a, b, d, mode);
          if (expected > BigInt(Number.MAX_SAFE_INTEGER))
            expect(() => mulDivRound(a, b, d, mode)).toThrow(/represented/);
          else expect(BigInt(mulDivRound(a, b, d, mode))).toBe(expected);
        },
      ),
    );
  });

  it('divides negative minutes towards minus infinity', () => {
    expect(floorDiv(-1, 1440)).toBe(-1);
    expect(floorDiv(-1440, 1440)).toBe(-1);
    expect(floorDiv(1439, 1440)).toBe(0);
  });
});

describe('sharing a bonus by the largest remainder', () => {
  it.each([
    [50, [450_00, 550_00], [23, 27]],
    [100, [1_999_00, 799_00], [71, 29]],
    [50, [1_500_00, 300_00], [42, 8]],
    [3, [1, 1, 1, 1], [1, 1, 1, 0]],
    [10, [0, 5, 0], [0, 10, 0]],
  ])('shares %i over %j as %j', (total, weights, expected) => {
    expect(allocateLargestRemainder(total, weights)).toEqual(expected);
  });

  it('shares exactly the total, each line within a point of its exact share, bonuses past 2^53 included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc
          .array(fc.integer({ min: 0, max: MAX_AMOUNT }), { minLength: 1, maxLength: 50 })
          .filter((w) => w.some((x) => x > 0)),
        (total, weights) => {
          const shares = allocateLargestRemainder(total, weights);
          expect(shares.reduce((s, x) => s + x, 0)).toBe(total);
          const sum = weights.reduce((s, x) => s + BigInt(x), 0n);
          shares.forEach((share, i) => {
            const exactFloor = (BigInt(total) * BigInt(weights[i]!)) / sum;
            expect(BigInt(share) - exactFloor >= 0n && BigInt(share) - exactFloor <= 1n).toBe(true);
          });
        },
      ),
    );
  });

  it('refuses to share over lines worth nothing', () => {
    expect(() => allocateLargestRemainder(10, [0, 0])).toThrow(RangeError);
  });
});

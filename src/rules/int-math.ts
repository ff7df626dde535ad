import { RulesError } from './rules-error.js';

/**
 * How a fractional number of points becomes whole points.
 * - `floor`: drop the fraction (the member never gets a point the rate does not fully pay for);
 * - `round-half-up`: half a point or more rounds up;
 * - `ceil`: any fraction rounds up.
 */
export const ROUNDING_MODES = ['floor', 'round-half-up', 'ceil'] as const;
/** One of {@link ROUNDING_MODES}. */
export type RoundingMode = (typeof ROUNDING_MODES)[number];

const SAFE = Number.MAX_SAFE_INTEGER;
const SAFE_BIG = BigInt(SAFE);

function outOfRange(): RulesError {
  return new RulesError('points_out_of_range', 'the bill earns more points than can be represented exactly');
}

/** Largest `a` such that `a * b` is still a safe integer, without a fractional intermediate. */
function safeFactorLimit(b: number): number {
  return (SAFE - (SAFE % b)) / b;
}

/**
 * `a * b / divisor` as a whole quotient and remainder, for whole `a, b >= 0` and
 * `divisor >= 1`, in integers only: the quotient is taken as `(p - p % d) / d`, which divides
 * exactly, so no fraction ever exists. Products past 2^53 are computed with BigInt. Throws
 * `points_out_of_range` when the quotient itself is not a safe integer.
 */
export function mulDivRem(a: number, b: number, divisor: number): { quotient: number; remainder: number } {
  if (b === 0 || a === 0) return { quotient: 0, remainder: 0 };
  if (a <= safeFactorLimit(b)) {
    const product = a * b;
    const remainder = product % divisor;
    return { quotient: (product - remainder) / divisor, remainder };
  }
  const product = BigInt(a) * BigInt(b);
  const big = BigInt(divisor);
  const quotient = product / big;
  if (quotient > SAFE_BIG) throw outOfRange();
  return { quotient: Number(quotient), remainder: Number(product % big) };
}

/** `a * b / divisor` rounded by `mode`, in integers only (see {@link mulDivRem}). */
export function mulDivRound(a: number, b: number, divisor: number, mode: RoundingMode): number {
  const { quotient, remainder } = mulDivRem(a, b, divisor);
  return checkedAdd(quotient, roundUp(remainder, divisor, mode));
}

/** 1 when a quotient with this `remainder` rounds up under `mode`, else 0. */
function roundUp(remainder: number, divisor: number, mode: RoundingMode): number {
  if (remainder === 0) return 0;
  if (mode === 'ceil') return 1;
  if (mode === 'round-half-up') return remainder >= divisor - remainder ? 1 : 0;
  return 0;
}

/** `a + b` for safe integers, or `points_out_of_range` when the sum is not one. */
export function checkedAdd(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw outOfRange();
  return sum;
}

/** Floor division for any safe integers (`-1 / 1440` is `-1`), without a fractional intermediate. */
export function floorDiv(a: number, b: number): number {
  return (a - floorMod(a, b)) / b;
}

/** The remainder of {@link floorDiv}: always between 0 and `b - 1` for `b > 0`. */
export function floorMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

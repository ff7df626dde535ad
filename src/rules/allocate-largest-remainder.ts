import { checkedAdd, mulDivRem } from './int-math.js';

/**
 * Splits `total` whole points over lines in proportion to `weights` (their amounts in paise)
 * by the largest-remainder method: each line gets the whole part of its exact share, and the
 * points left over go one each to the lines with the largest remainders, ties to the earlier
 * line. The shares add up to `total` exactly, and the same input always gives the same split.
 * Every weight must be whole and at least 0, and at least one above 0.
 */
export function allocateLargestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce(checkedAdd, 0);
  if (sum <= 0) throw new RangeError('cannot allocate points over lines that add up to nothing');
  const shares: number[] = [];
  const remainders: number[] = [];
  let given = 0;
  for (const weight of weights) {
    const { quotient, remainder } = mulDivRem(total, weight, sum);
    shares.push(quotient);
    remainders.push(remainder);
    given += quotient;
  }
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => (remainders[b] as number) - (remainders[a] as number) || a - b);
  for (let k = 0; k < total - given; k++) {
    const i = order[k] as number;
    shares[i] = (shares[i] as number) + 1;
  }
  return shares;
}

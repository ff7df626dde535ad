import type { EarnResult } from './earn-result-schema.js';

/** One way a till's claim differs from the ledger's own evaluation of the same bill. */
export type EarnMismatch =
  | { readonly kind: 'total'; readonly expected: number; readonly claimed: number }
  | { readonly kind: 'line'; readonly lineId: string; readonly expected: number; readonly claimed: number }
  | { readonly kind: 'missing_line'; readonly lineId: string }
  | { readonly kind: 'unknown_line'; readonly lineId: string };

/** The points a till claimed for a bill: the intent's total and, when it sent them, per line. */
export interface EarnClaim {
  readonly points: number;
  readonly lines?: readonly { readonly lineId: string; readonly points?: number | undefined }[] | undefined;
}

/**
 * Compares what a till claimed with `expected`, the ledger's own `evaluateEarn` of the same
 * inputs, and lists every difference; an empty list means they agree to the point. Lines the
 * claim sends without points are not compared; lines it leaves out are `missing_line`.
 */
export function diffEarn(expected: EarnResult, claim: EarnClaim): EarnMismatch[] {
  const mismatches: EarnMismatch[] = [];
  if (claim.points !== expected.total)
    mismatches.push({ kind: 'total', expected: expected.total, claimed: claim.points });
  if (claim.lines === undefined) return mismatches;
  const claimed = new Map(claim.lines.map((line) => [line.lineId, line.points]));
  for (const line of expected.lines) {
    if (!claimed.has(line.lineId)) {
      mismatches.push({ kind: 'missing_line', lineId: line.lineId });
      continue;
    }
    const points = claimed.get(line.lineId);
    if (points !== undefined && points !== line.points) {
      mismatches.push({ kind: 'line', lineId: line.lineId, expected: line.points, claimed: points });
    }
  }
  const known = new Set(expected.lines.map((line) => line.lineId));
  for (const line of claim.lines)
    if (!known.has(line.lineId)) mismatches.push({ kind: 'unknown_line', lineId: line.lineId });
  return mismatches;
}

import type { IntentKind } from '../../protocol/index.js';
import type { EarnResult } from '../../rules/index.js';

/**
 * What returns have used up of an original so far. It is the only part of a stored original
 * that changes after it is stored, and it is always replaced and written whole (see
 * `writeReversalProgress`), so a stored original can never be half-updated.
 */
export interface ReversalProgress {
  readonly reversedPoints: number;
  /** Lines already returned. */
  readonly reversedLines: readonly string[];
}

/** What the ledger knows of an earlier intent that a reversal names. */
export interface OriginalIntent {
  readonly intentId: string;
  readonly kind: IntentKind;
  readonly memberId: string;
  readonly outcome: 'applied' | 'rejected';
  /** What was applied: a return can never take back more than that. */
  readonly points: number;
  /** Points per bill line as applied (accruals earned by the rules), or null. A Map: line ids are the brand's. */
  readonly lines: ReadonlyMap<string, number> | null;
  /** The rules' account of an accrual's points (per-line rules, promotions), or null. */
  readonly earn: EarnResult | null;
  /** For a redemption whose shortfall a store's risk account carried: the store and those points. */
  readonly storeRisk?: { readonly storeId: string; readonly points: number };
  progress: ReversalProgress;
}

/** Nothing returned yet. */
export const NOTHING_REVERSED: ReversalProgress = { reversedPoints: 0, reversedLines: [] };

/** The progress of `original` once a return of `points` (of `lineIds`, when by line) is applied. */
export function progressAfter(
  original: OriginalIntent,
  reversal: { readonly points: number; readonly lineIds?: readonly string[] | undefined },
): ReversalProgress {
  const { reversedPoints, reversedLines } = original.progress;
  return {
    reversedPoints: reversedPoints + reversal.points,
    reversedLines: reversal.lineIds && original.lines ? [...reversedLines, ...reversal.lineIds] : reversedLines,
  };
}

/** Reads a stored `lines` object (JSON) into a Map, own keys only. */
export function linesFromJson(value: unknown): ReadonlyMap<string, number> | null {
  if (value === null || value === undefined || typeof value !== 'object') return null;
  return new Map(Object.entries(value as Record<string, number>));
}

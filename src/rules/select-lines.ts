import type { EarnLine, EarnResult } from './earn-result-schema.js';
import { RulesError } from './rules-error.js';

/**
 * The lines of `earn` named by `lineIds`, in the order named, or every line when `lineIds` is
 * absent. Throws `unknown_line` for an id the result does not hold and `duplicate_line` for an
 * id named twice, so a return can never take back a line twice in one go.
 */
export function selectLines(earn: EarnResult, lineIds?: readonly string[]): readonly EarnLine[] {
  if (lineIds === undefined) return earn.lines;
  const byId = new Map(earn.lines.map((line) => [line.lineId, line]));
  const seen = new Set<string>();
  return lineIds.map((lineId) => {
    const line = byId.get(lineId);
    if (line === undefined) {
      throw new RulesError('unknown_line', `bill ${earn.billId} has no line ${lineId}`, {
        billId: earn.billId,
        lineId,
      });
    }
    if (seen.has(lineId)) {
      throw new RulesError('duplicate_line', `line ${lineId} is named twice`, {
        billId: earn.billId,
        lineId,
      });
    }
    seen.add(lineId);
    return line;
  });
}

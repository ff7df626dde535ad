import type { EarnResult } from './earn-result-schema.js';
import { checkedAdd } from './int-math.js';
import { selectLines } from './select-lines.js';

/**
 * The points a return takes back: exactly what the returned lines carry (their rates, tier and
 * promotion extras, and their shares of bill bonuses), or the whole `total` when `lineIds` is
 * absent. Never more than the bill earned. Throws `unknown_line` or `duplicate_line`.
 *
 * It answers for one return against the original result; a ledger taking several partial
 * returns of one bill must remember which lines came back already.
 * @example reversalPoints(earn, ['L2']) // what line L2 earned
 */
export function reversalPoints(earn: EarnResult, lineIds?: readonly string[]): number {
  return selectLines(earn, lineIds).reduce((sum, line) => checkedAdd(sum, line.points), 0);
}

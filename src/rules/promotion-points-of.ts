import type { EarnResult } from './earn-result-schema.js';
import { selectLines } from './select-lines.js';

const PREFIX = 'promotion:';

/**
 * Points per promotion id that the lines carry (all lines when `lineIds` is absent): what to add
 * to `RuleMember.promotionPoints` after an accrual, and to take off after a return, so
 * `capPerMember` keeps counting right. Promotions that gave nothing are left out.
 */
export function promotionPointsOf(earn: EarnResult, lineIds?: readonly string[]): Record<string, number> {
  // A Map, not an object: a promotion may be called `constructor`.
  const totals = new Map<string, number>();
  for (const line of selectLines(earn, lineIds)) {
    for (const rule of line.rules) {
      if (!rule.ruleId.startsWith(PREFIX) || rule.points === 0) continue;
      const id = rule.ruleId.slice(PREFIX.length);
      totals.set(id, (totals.get(id) ?? 0) + rule.points);
    }
  }
  return Object.fromEntries(totals);
}

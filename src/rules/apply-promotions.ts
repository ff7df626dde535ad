import { allocateLargestRemainder } from './allocate-largest-remainder.js';
import type { CompiledPromotion, CompiledRuleset } from './compiled-ruleset.js';
import { formatMultiplier, formatPoints } from './format-reason.js';
import { mulDivRound } from './int-math.js';
import { addEntry, type LineWork } from './line-work.js';
import type { LocalTime } from './local-time.js';
import type { RuleBill } from './rule-bill-schema.js';
import type { RuleMember } from './rule-member-schema.js';
import { isWindowOpen } from './time-window.js';

const NO_CAP = Number.MAX_SAFE_INTEGER;

/** The most points `promotion` may still give on this bill, and which cap binds. */
function allowanceOf(
  promotion: CompiledPromotion['promotion'],
  member: RuleMember,
): { points: number; note: string } {
  const perBill = promotion.capPerBill ?? NO_CAP;
  // Own keys only: a promotion may be called `constructor`, which every object inherits.
  const already = Object.hasOwn(member.promotionPoints, promotion.id)
    ? (member.promotionPoints[promotion.id] ?? 0)
    : 0;
  const perMember =
    promotion.capPerMember === undefined ? NO_CAP : Math.max(0, promotion.capPerMember - already);
  if (perMember < perBill)
    return { points: perMember, note: ` (capped: ${formatPoints(promotion.capPerMember ?? 0)} per member)` };
  return { points: perBill, note: ` (capped at ${formatPoints(perBill)} per bill)` };
}

function inScope(compiled: CompiledPromotion, work: LineWork): boolean {
  if (work.rate === undefined) return false;
  if (compiled.categories === undefined && compiled.skus === undefined) return true;
  return compiled.categories?.has(work.line.category) === true || compiled.skus?.has(work.line.sku) === true;
}

/** `Happy hour ×2, 16:00–19:00`, `Festive weekend bonus 50 pts`. */
function labelOf(promotion: CompiledPromotion['promotion']): string {
  const reward =
    promotion.reward.kind === 'multiplier'
      ? formatMultiplier(promotion.reward.percent)
      : `bonus ${formatPoints(promotion.reward.points)}`;
  const hours = promotion.window?.hours;
  return `${promotion.name} ${reward}${hours ? `, ${hours.from}–${hours.to}` : ''}`;
}

/**
 * Applies every promotion open at the bill's store and local time, in ruleset order, to the
 * lines in its scope (never excluded lines). A multiplier adds `percent - 100` per cent of each
 * line's base points; multipliers add up rather than compound (Gold ×1.5 with Happy hour ×2
 * is base × 2.5). A fixed bonus is shared by the lines in scope in proportion to their amounts.
 *
 * Caps: the allowance is the smaller of `capPerBill` and what `capPerMember` leaves after the
 * member's `promotionPoints`. A bonus is cut to the allowance before it is shared; multiplier
 * points fill the allowance line by line, in bill order, and later lines get what is left.
 */
export function applyPromotions(
  rules: CompiledRuleset,
  bill: RuleBill,
  time: LocalTime,
  member: RuleMember,
  lines: readonly LineWork[],
): void {
  for (const compiled of rules.promotions) {
    const { promotion, ruleId } = compiled;
    if (compiled.stores !== undefined && !compiled.stores.has(bill.storeId)) continue;
    if (compiled.window !== undefined && !isWindowOpen(compiled.window, time)) continue;
    const scope = lines.filter((work) => inScope(compiled, work));
    const spend = scope.reduce((sum, work) => sum + work.line.amountPaise, 0);
    if (scope.length === 0 || spend < promotion.minSpendPaise) continue;
    const allowance = allowanceOf(promotion, member);
    const label = labelOf(promotion);
    if (promotion.reward.kind === 'bonus') {
      if (spend === 0 || allowance.points === 0) continue;
      const points = Math.min(promotion.reward.points, allowance.points);
      const note = points < promotion.reward.points ? allowance.note : '';
      const reason = `${label} on the bill${note}, shared by line value`;
      const shares = allocateLargestRemainder(
        points,
        scope.map((work) => work.line.amountPaise),
      );
      scope.forEach((work, i) => addEntry(work, { ruleId, points: shares[i] ?? 0, reason }));
      continue;
    }
    let left = allowance.points;
    for (const work of scope) {
      const extra = mulDivRound(work.base, promotion.reward.percent - 100, 100, rules.ruleset.rounding);
      const points = Math.min(extra, left);
      left -= points;
      addEntry(work, { ruleId, points, reason: points < extra ? `${label}${allowance.note}` : label });
    }
  }
}

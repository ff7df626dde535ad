import { allocateLargestRemainder } from './allocate-largest-remainder.js';
import type { CompiledRuleset } from './compiled-ruleset.js';
import { formatPoints } from './format-reason.js';
import { addEntry, type LineWork } from './line-work.js';
import type { RuleMember } from './rule-member-schema.js';

function share(lines: readonly LineWork[], points: number, ruleId: string, reason: string): void {
  const shares = allocateLargestRemainder(
    points,
    lines.map((work) => work.line.amountPaise),
  );
  lines.forEach((work, i) => addEntry(work, { ruleId, points: shares[i] ?? 0, reason }));
}

/**
 * Applies the bill-level bonuses: the first-purchase bonus when the member has no visit
 * before this bill, and each visit bonus whose visit this bill is (`visits + 1`). Each bonus is
 * shared by the lines that are not excluded, in proportion to their amounts (largest remainder,
 * ties to the earlier line), so a return by line takes back exactly what those lines carry.
 * A bill whose earning lines add up to ₹0 has nothing to share a bonus over, and gets none.
 */
export function applyBillBonuses(
  rules: CompiledRuleset,
  member: RuleMember,
  lines: readonly LineWork[],
): void {
  const earning = lines.filter((work) => work.rate !== undefined);
  if (!earning.some((work) => work.line.amountPaise > 0)) return;
  const { firstPurchaseBonus, visitBonuses } = rules.ruleset;
  if (firstPurchaseBonus !== undefined && member.visits === 0) {
    const points = firstPurchaseBonus.points;
    share(
      earning,
      points,
      'first-purchase',
      `First purchase bonus ${formatPoints(points)} on the bill, shared by line value`,
    );
  }
  const visit = member.visits + 1;
  for (const bonus of visitBonuses) {
    const due = bonus.every ? visit % bonus.nthVisit === 0 : visit === bonus.nthVisit;
    if (!due) continue;
    share(
      earning,
      bonus.points,
      `visit:${bonus.id}`,
      `${bonus.name} bonus ${formatPoints(bonus.points)} on the bill, shared by line value`,
    );
  }
}

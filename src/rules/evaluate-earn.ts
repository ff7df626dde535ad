import { MAX_AMOUNT } from '../protocol/primitives.js';
import { applyBillBonuses } from './apply-bill-bonuses.js';
import { applyPromotions } from './apply-promotions.js';
import { applyTierMultiplier } from './apply-tier-multiplier.js';
import { compileRuleset } from './compiled-ruleset.js';
import type { EarnResult } from './earn-result-schema.js';
import { RULES_ENGINE_VERSION } from './engine-version.js';
import { formatRupees } from './format-reason.js';
import { checkedAdd } from './int-math.js';
import { finishLine, startLine, type LineWork } from './line-work.js';
import { parseInstantMinutes, toLocalTime } from './local-time.js';
import { parseInput } from './parse-input.js';
import { ruleBillSchema, type RuleBill } from './rule-bill-schema.js';
import { ruleMemberSchema, type RuleMemberInput } from './rule-member-schema.js';
import type { RulesetV1Input } from './ruleset-v1-schema.js';
import { RulesError } from './rules-error.js';
import { tierProgress } from './tier-progress.js';
import type { TierLevel } from './tier-schema.js';

/**
 * What `bill` earns `member` under `ruleset`: a pure function of its three arguments (no clock,
 * no randomness, integers only), so the till that prints the points and the ledger that
 * confirms them compute the same result, line by line.
 *
 * Per line, in this order: the line's rate (sku, else category, else base; excluded lines earn
 * nothing), the member's tier multiplier, then each open promotion, then the first-purchase and
 * visit bonuses. Nothing is earned when the lines that are not excluded add up to less than
 * `minimumBillPaise`. Every point sits on a line, with the rule and the reason it came from.
 *
 * Throws a `RulesError`: `invalid_ruleset`, `invalid_bill`, `invalid_member` (with every zod
 * issue), `unknown_tier`, or `points_out_of_range` when the bill would earn more than 2^31 - 1.
 */
export function evaluateEarn(ruleset: RulesetV1Input, bill: RuleBill, member: RuleMemberInput): EarnResult {
  const rules = compileRuleset(ruleset);
  const parsedBill = parseInput(ruleBillSchema, bill, 'invalid_bill', 'invalid bill');
  const parsedMember = parseInput(ruleMemberSchema, member, 'invalid_member', 'invalid member');
  const levels = rules.ruleset.tiers.levels;
  const tierIndex = rules.tierIndex.get(parsedMember.tier);
  if (tierIndex === undefined) {
    throw new RulesError(
      'unknown_tier',
      `tier ${parsedMember.tier} is not in ruleset version ${rules.ruleset.version}`,
      {
        tier: parsedMember.tier,
      },
    );
  }

  const lines = parsedBill.lines.map((line) => startLine(rules, line));
  const eligiblePaise = lines.reduce(
    (sum, work) => (work.rate === undefined ? sum : sum + work.line.amountPaise),
    0,
  );
  if (eligiblePaise < rules.ruleset.minimumBillPaise) {
    belowMinimum(lines, eligiblePaise, rules.ruleset.minimumBillPaise);
  } else {
    const time = toLocalTime(parseInstantMinutes(parsedBill.at) as number, rules.ruleset.utcOffsetMinutes);
    applyTierMultiplier(levels[tierIndex] as TierLevel, rules.ruleset.rounding, lines);
    applyPromotions(rules, parsedBill, time, parsedMember, lines);
    applyBillBonuses(rules, parsedMember, lines);
  }

  const earned = lines.map(finishLine);
  const total = earned.reduce((sum, line) => checkedAdd(sum, line.points), 0);
  if (total > MAX_AMOUNT) {
    throw new RulesError(
      'points_out_of_range',
      `the bill would earn ${total} points, more than one intent can carry`,
      { total },
    );
  }
  return {
    engineVersion: RULES_ENGINE_VERSION,
    rulesetVersion: rules.ruleset.version,
    billId: parsedBill.billId,
    total,
    lines: earned,
    tier: tierProgress(levels, tierIndex, parsedMember.qualifyingPoints, total),
  };
}

/** Replaces each earning line's entries with one saying the bill is below the minimum; excluded lines keep theirs. */
function belowMinimum(lines: readonly LineWork[], eligiblePaise: number, minimumPaise: number): void {
  const reason = `Bill of ${formatRupees(eligiblePaise)} (excluded items not counted) is below the ${formatRupees(minimumPaise)} minimum to earn`;
  for (const work of lines) {
    if (work.rate === undefined) continue;
    work.entries.splice(0, work.entries.length, { ruleId: 'minimum-bill', points: 0, reason });
  }
}

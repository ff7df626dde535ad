import { formatMultiplier, formatPoints } from './format-reason.js';
import { mulDivRound, type RoundingMode } from './int-math.js';
import { addEntry, type LineWork } from './line-work.js';
import type { TierLevel } from './tier-schema.js';

/**
 * Adds the member's tier multiplier to each earning line: `multiplierPercent - 100` per cent of
 * the line's base points, rounded per line. The tier is the one the member held before this
 * bill; an upgrade the bill brings counts from the next bill.
 */
export function applyTierMultiplier(
  tier: TierLevel,
  rounding: RoundingMode,
  lines: readonly LineWork[],
): void {
  if (tier.multiplierPercent <= 100) return;
  for (const work of lines) {
    if (work.rate === undefined) continue;
    const points = mulDivRound(work.base, tier.multiplierPercent - 100, 100, rounding);
    const reason = `${tier.name} ${formatMultiplier(tier.multiplierPercent)} on ${formatPoints(work.base)} base`;
    addEntry(work, { ruleId: `tier:${tier.id}`, points, reason });
  }
}

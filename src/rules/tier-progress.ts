import type { TierOutcome } from './earn-result-schema.js';
import { formatPoints } from './format-reason.js';
import type { TierLevel } from './tier-schema.js';

/**
 * The member's tier after a bill that adds `earned` qualifying points to `qualifyingBefore`:
 * the highest tier whose threshold the new total reaches, but never below the tier held before
 * (a member keeps a tier until the ledger re-rates the rolling window; the till never
 * downgrades). Every point the bill earns qualifies, bonuses included.
 */
export function tierProgress(
  levels: readonly TierLevel[],
  beforeIndex: number,
  qualifyingBefore: number,
  earned: number,
): TierOutcome {
  const qualifyingPoints = qualifyingBefore + earned;
  let reached = 0;
  levels.forEach((level, i) => {
    if (level.minQualifyingPoints <= qualifyingPoints) reached = i;
  });
  const afterIndex = Math.max(beforeIndex, reached);
  const before = levels[beforeIndex] as TierLevel;
  const after = levels[afterIndex] as TierLevel;
  const next = levels[afterIndex + 1];
  const pointsToNext = next === undefined ? null : next.minQualifyingPoints - qualifyingPoints;
  const upgraded = afterIndex > beforeIndex;
  const toNext = next === undefined ? 'top tier' : `${formatPoints(pointsToNext ?? 0)} to ${next.name}`;
  const summary = upgraded ? `Upgraded: now ${after.name} (${toNext})` : `${after.name}: ${toNext}`;
  return {
    before: before.id,
    after: after.id,
    upgraded,
    next: next?.id ?? null,
    pointsToNext,
    qualifyingPoints,
    summary,
  };
}

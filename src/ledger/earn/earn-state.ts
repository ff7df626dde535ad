import { MAX_AMOUNT } from '../../protocol/index.js';
import { intColumn } from '../sql/columns.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { ownRecord } from './own-record.js';
import type { EarnMemberState } from './review-accrual.js';

/** Without a ruleset, qualifying points are counted over a year. */
export const DEFAULT_WINDOW_DAYS = 365;

/** The tier rules of the newest ruleset: the window and the levels, lowest first. */
export interface TierRules {
  readonly windowDays: number;
  readonly levels: readonly { readonly id: string; readonly minQualifyingPoints: number }[];
}

/** The tier rules of the newest published ruleset, if any. */
export async function currentTierRules(db: SqlExecutor): Promise<TierRules | undefined> {
  const rows = await db.query(`SELECT body -> 'tiers' AS tiers FROM rulesets ORDER BY version DESC LIMIT 1`);
  const tiers = rows[0]?.tiers as TierRules | undefined;
  return tiers && Array.isArray(tiers.levels) && tiers.levels.length > 0 ? tiers : undefined;
}

/**
 * A member's tier is the highest level their qualifying points within the window reach:
 * as old points leave the window, the tier comes down with them.
 */
export function tierFor(rules: TierRules, qualifyingPoints: number): string {
  let tier = rules.levels[0]!.id;
  for (const level of rules.levels) if (qualifyingPoints >= level.minQualifyingPoints) tier = level.id;
  return tier;
}

/**
 * What the rules need to know of each member: visits from the member row, the tier their
 * qualifying points reach (the stored tier when no ruleset exists yet),
 * qualifying points (accruals applied within the last `windowDays` before `at`, less what
 * returns took back), and the points earned per promotion so far.
 */
export async function loadEarnState(
  db: SqlExecutor,
  memberIds: readonly string[],
  rules: TierRules | undefined,
  at: string,
): Promise<Map<string, EarnMemberState>> {
  const states = new Map<string, EarnMemberState>();
  if (memberIds.length === 0) return states;
  const windowDays = rules?.windowDays ?? DEFAULT_WINDOW_DAYS;
  const since = new Date(Date.parse(at) - windowDays * 86_400_000).toISOString();
  // One after another: a transaction is one connection, and it runs one query at a time.
  const members = await db.query(`SELECT member_id, tier, visits FROM members WHERE member_id = ANY($1::text[])`, [memberIds]);
  const qualifying = await db.query(
    `SELECT member_id, sum(points - reversed_points)::text AS q FROM intents
      WHERE member_id = ANY($1::text[]) AND kind = 'accrue' AND outcome = 'applied' AND occurred_at >= $2::timestamptz
      GROUP BY member_id`,
    [memberIds, since],
  );
  const promotions = await db.query(`SELECT member_id, promotion_id, points FROM member_promotions WHERE member_id = ANY($1::text[])`, [
    memberIds,
  ]);
  for (const m of members) {
    states.set(String(m.member_id), { tier: String(m.tier), visits: intColumn(m.visits), qualifyingPoints: 0, promotionPoints: ownRecord() });
  }
  for (const q of qualifying) {
    const state = states.get(String(q.member_id));
    // The rules engine counts qualifying points up to MAX_AMOUNT; past it every tier is reached anyway.
    if (state) state.qualifyingPoints = Math.min(MAX_AMOUNT, Math.max(0, intColumn(q.q)));
  }
  for (const p of promotions) {
    const state = states.get(String(p.member_id));
    if (state) state.promotionPoints[String(p.promotion_id)] = intColumn(p.points);
  }
  if (rules) for (const state of states.values()) state.tier = tierFor(rules, state.qualifyingPoints);
  return states;
}

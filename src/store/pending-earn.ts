import { promotionPointsOf } from '../rules/index.js';
import type { MemberEarnState } from './records.js';
import type { TerminalDatabase } from './terminal-database.js';

/**
 * The ledger's word on what the rules know of a member, plus what this till's pending
 * accruals add to it (each is a visit, its points qualify, its promotions count). A
 * quarantined accrual still counts, as its points do, until staff void it.
 * Call inside a transaction over `intents`.
 */
export async function withPendingEarn(
  db: TerminalDatabase,
  ledger: ReadonlyMap<string, MemberEarnState>,
): Promise<Map<string, MemberEarnState>> {
  const states = new Map<string, MemberEarnState>();
  for (const [id, s] of ledger) states.set(id, { visits: s.visits, qualifyingPoints: s.qualifyingPoints, promotionPoints: { ...s.promotionPoints } });
  if (states.size === 0) return states;
  // These members' rows only (by the member+state index), never a walk of the whole queue.
  const keys = [...states.keys()].flatMap((id) => [[id, 'pending'], [id, 'quarantined']]);
  const pending = await db.intents.where('[memberId+state]').anyOf(keys).filter((i) => i.kind === 'accrue').toArray();
  for (const intent of pending) {
    const state = states.get(intent.memberId)!;
    state.visits += 1;
    state.qualifyingPoints += intent.points;
    if (intent.earn) {
      for (const [id, points] of Object.entries(promotionPointsOf(intent.earn))) state.promotionPoints[id] = (state.promotionPoints[id] ?? 0) + points;
    }
  }
  return states;
}

import { promotionPointsOf } from '../rules/index.js';
import { MAX_KEY, MIN_KEY } from './idb/keys.js';
import type { IntentRecord, MemberEarnState } from './records.js';
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
  for (const intent of await unsettledAccruals(db, [...states.keys()])) {
    const state = states.get(intent.memberId);
    if (!state) continue;
    state.visits += 1;
    state.qualifyingPoints += intent.points;
    if (intent.earn) {
      for (const [id, points] of Object.entries(promotionPointsOf(intent.earn))) state.promotionPoints[id] = (state.promotionPoints[id] ?? 0) + points;
    }
  }
  return states;
}

// Up to this many members, their rows are read by the member+state index; past it, one range
// read per state (`[state+seq]`) serves them all: a pull page names up to a thousand members, and
// one index cursor per member made the pull after a drain cost more than the drain's pushes.
const PER_MEMBER_READS_UP_TO = 8;

/** The pending and quarantined accruals of `memberIds` (and, past a few members, of others too). */
async function unsettledAccruals(db: TerminalDatabase, memberIds: readonly string[]): Promise<IntentRecord[]> {
  if (memberIds.length <= PER_MEMBER_READS_UP_TO) {
    const keys = memberIds.flatMap((id) => [[id, 'pending'], [id, 'quarantined']]);
    return db.intents.where('[memberId+state]').anyOf(keys).filter((i) => i.kind === 'accrue').toArray();
  }
  const rows: IntentRecord[] = [];
  for (const state of ['pending', 'quarantined'] as const) {
    // toArray before filtering: one getAll, not a cursor.
    const all = await db.intents.where('[state+seq]').between([state, MIN_KEY], [state, MAX_KEY]).toArray();
    rows.push(...all.filter((i) => i.kind === 'accrue'));
  }
  return rows;
}

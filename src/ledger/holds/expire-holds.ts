import type { MemberState } from '../apply/member-state.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { HOLD_COLUMNS, holdFromRow, holdRemaining, type Hold } from './hold.js';
import { journalHoldEntries, returnEntry, saveHolds, saveMemberStates } from './hold-store.js';

/**
 * Expires the open holds and allowances of these members that the ledger's clock (`at`) has
 * passed: what they had left goes back to the member, journaled. The members' rows must be
 * locked by the caller (their `held`, `version` and `updatedAt` move in memory and in the
 * database). Runs before any decision on a member, so every decision sees expiry applied.
 * Returns the holds it expired.
 */
export async function expireDueHolds(tx: SqlExecutor, members: ReadonlyMap<string, MemberState>, at: string): Promise<Hold[]> {
  if (members.size === 0) return [];
  const rows = await tx.query(
    `SELECT ${HOLD_COLUMNS} FROM holds
      WHERE member_id = ANY($1::text[]) AND state = 'open' AND expires_at <= $2::timestamptz
      ORDER BY hold_id FOR UPDATE`,
    [[...members.keys()], at],
  );
  if (rows.length === 0) return [];
  const holds = rows.map(holdFromRow);
  const moved = new Set<MemberState>();
  const entries = holds.map((hold) => {
    const left = holdRemaining(hold);
    const member = members.get(hold.memberId)!;
    member.held -= left;
    moved.add(member);
    hold.state = 'expired';
    hold.closedAt = at;
    return returnEntry(hold, left);
  });
  for (const member of moved) {
    member.version += 1;
    member.updatedAt = at;
  }
  await saveHolds(tx, holds);
  await journalHoldEntries(tx, entries, at);
  await saveMemberStates(tx, [...moved], at);
  return holds;
}

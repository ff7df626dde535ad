import type { SqlExecutor } from '../sql/sql-database.js';
import { expireDueHolds } from './expire-holds.js';
import { findHold, journalHoldEntries, lockHolds, lockMemberRows, returnEntry, saveHolds, saveMemberStates } from './hold-store.js';
import { holdRemaining } from './hold.js';
import type { HoldOutcome } from './place-hold.js';

/** Who asks to close a hold: the till that placed it. */
export interface HoldOwner {
  readonly terminalId: string;
  readonly storeId: string;
}

/**
 * Voids a hold (the bill was cancelled): what it holds goes back to the member. Idempotent:
 * a voided hold answers as it is. A captured or expired one is `hold_closed`; an unknown one,
 * an allowance or another till's is `hold_not_found`.
 */
export async function voidHold(tx: SqlExecutor, holdId: string, owner: HoldOwner, at: string): Promise<HoldOutcome> {
  const found = await findHold(tx, holdId);
  if (!found || found.kind !== 'hold' || found.terminalId !== owner.terminalId) {
    return { outcome: 'hold_not_found', message: `this till placed no hold ${holdId}` };
  }
  // Member first, then the hold: the order every writer of holds takes.
  const members = await lockMemberRows(tx, [found.memberId]);
  const member = members.get(found.memberId)!;
  await expireDueHolds(tx, members, at);
  const hold = (await lockHolds(tx, [holdId])).get(holdId)!;
  if (hold.state === 'voided') return { outcome: 'ok', hold, member };
  if (hold.state !== 'open') {
    return { outcome: 'hold_closed', message: `hold ${holdId} is ${hold.state}; nothing was voided` };
  }
  const left = holdRemaining(hold);
  hold.state = 'voided';
  hold.closedAt = at;
  member.held -= left;
  member.version += 1;
  member.updatedAt = at;
  await saveHolds(tx, [hold]);
  await journalHoldEntries(tx, [returnEntry(hold, left)], at);
  await saveMemberStates(tx, [member], at);
  return { outcome: 'ok', hold, member };
}

import type { PushRejectionReason } from '../policy/rejection-reasons.js';
import type { HoldRecord } from '../store/hold-record.js';
import type { IntentRecord, MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import { withOwnHeld } from '../store/own-held.js';

/** What a refusal of a redemption says of the hold or allowance it named. */
const CLOSED_BY: Partial<Record<string, HoldRecord['state']>> = {
  hold_expired: 'expired',
  hold_voided: 'voided',
  hold_not_found: 'voided',
};

/**
 * A redemption that captured a hold or allowance of this till settled: the hold record moves
 * with it (a captured hold closes, what was not spent went back; an allowance keeps what is
 * left), and so does the member's own-held entry. Returns the member row; call inside the
 * settling transaction (it also spans `holds`), waiting on nothing but IndexedDB.
 */
export async function settleHoldUse(
  db: TerminalDatabase,
  intent: IntentRecord,
  applied: boolean,
  reason: PushRejectionReason | undefined,
  member: MemberRecord,
  now: number,
): Promise<MemberRecord> {
  if (!intent.holdId || intent.kind !== 'redeem') return member;
  const hold = await db.holds.get(intent.holdId);
  if (!hold) return member;
  const queued = Math.max(0, hold.queued - intent.points);
  let next: HoldRecord;
  if (applied) {
    const remaining = hold.kind === 'hold' ? 0 : Math.max(0, hold.remaining - intent.points);
    next = { ...hold, queued, remaining, state: hold.kind === 'hold' ? 'captured' : hold.state, updatedAt: now };
  } else {
    const closed = reason ? CLOSED_BY[reason] : undefined;
    // A hold whose redemption the ledger refused for another reason still holds points: give it back.
    const state = closed ?? (hold.kind === 'hold' ? 'void_pending' : hold.state);
    next = { ...hold, queued, state, ...(closed ? { remaining: 0 } : {}), updatedAt: now };
  }
  await db.holds.put(next);
  return withOwnHeld(member, next);
}

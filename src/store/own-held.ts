import type { HoldRecord, OwnHeld } from './hold-record.js';
import type { MemberRecord } from './records.js';
import type { TerminalDatabase } from './terminal-database.js';

/**
 * The part of a hold the provisional balance adds back, or null: an open allowance's
 * remainder (this till's to spend), or a hold whose redemption is queued here (the queued
 * redemption is the pending debit that stands for it). A hold for a bill in progress is not
 * added back: its points are as good as spent.
 */
export function ownHeldOf(h: HoldRecord): OwnHeld | null {
  const counts = (h.kind === 'allowance' && h.state === 'open') || (h.kind === 'hold' && h.state === 'capturing');
  return counts && h.remaining > 0 ? { holdId: h.holdId, remaining: h.remaining, placedAtVersion: h.placedAtVersion } : null;
}

/**
 * The member row with `hold`'s entry in `ownHeld` as the hold now is. The one way a hold's
 * change reaches the provisional balance: every writer of a hold record goes through it.
 */
export function withOwnHeld(member: MemberRecord, hold: HoldRecord): MemberRecord {
  const others = (member.ownHeld ?? []).filter((e) => e.holdId !== hold.holdId);
  const entry = ownHeldOf(hold);
  const ownHeld = entry ? [...others, entry] : others;
  return { ...member, ownHeld };
}

/** Stores a hold record and moves its member's row with it. Call inside a transaction over `holds` and `members`. */
export async function putHold(db: TerminalDatabase, hold: HoldRecord, member?: MemberRecord): Promise<MemberRecord | undefined> {
  await db.holds.put(hold);
  const m = member ?? (await db.members.get(hold.memberId));
  if (!m) return undefined;
  const next = withOwnHeld(m, hold);
  await db.members.put(next);
  return next;
}

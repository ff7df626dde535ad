import type { IntentRecord, MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';

/**
 * An intent leaves the provisional balance: settled by the ledger, or voided by staff.
 * Returns the member without its pending effect; a return that will never apply also
 * gives back what it had taken of its original (points and lines), so they can be
 * returned again. Call inside a read-write transaction over `intents`; the caller stores
 * the member.
 *
 * Only a return that will never apply touches the database: every other call stays inside
 * the caller's IndexedDB transaction without a wait on anything but IndexedDB (a wait on
 * any other promise, many times over, can let the transaction commit early).
 */
export function releasePendingEffect(
  db: TerminalDatabase,
  intent: IntentRecord,
  member: MemberRecord,
  applied: boolean,
): MemberRecord | Promise<MemberRecord> {
  const released = { ...member, pendingCredit: member.pendingCredit - intent.credit, pendingDebit: member.pendingDebit - intent.debit };
  if (applied || intent.kind !== 'reverse' || !intent.originalIntentId) return released;
  return giveBackToOriginal(db, intent).then(() => released);
}

// A return that will never apply gives its points and lines back to the original.
async function giveBackToOriginal(db: TerminalDatabase, intent: IntentRecord): Promise<void> {
  const original = await db.intents.where('intentId').equals(intent.originalIntentId!).first();
  if (!original) return;
  await db.intents.update(original.seq!, {
    reversedPoints: Math.max(0, original.reversedPoints - intent.points),
    reversedLineIds: (original.reversedLineIds ?? []).filter((id) => !(intent.lineIds ?? []).includes(id)),
  });
}

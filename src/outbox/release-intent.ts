import type { IntentRecord, MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';

/**
 * An intent leaves the provisional balance: settled by the ledger, or voided by staff.
 * Returns the member without its pending effect; a return that will never apply also
 * gives back what it had taken of its original (points and lines), so they can be
 * returned again. Call inside a read-write transaction over `intents`; the caller stores
 * the member.
 */
export async function releasePendingEffect(
  db: TerminalDatabase,
  intent: IntentRecord,
  member: MemberRecord,
  applied: boolean,
): Promise<MemberRecord> {
  if (!applied && intent.kind === 'reverse' && intent.originalIntentId) {
    const original = await db.intents.where('intentId').equals(intent.originalIntentId).first();
    if (original) {
      await db.intents.update(original.seq!, {
        reversedPoints: Math.max(0, original.reversedPoints - intent.points),
        reversedLineIds: (original.reversedLineIds ?? []).filter((id) => !(intent.lineIds ?? []).includes(id)),
      });
    }
  }
  return { ...member, pendingCredit: member.pendingCredit - intent.credit, pendingDebit: member.pendingDebit - intent.debit };
}

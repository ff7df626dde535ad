import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import { unknownMember } from '../store/balance-view.js';
import type { IntentRecord, MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { IntentDraft } from './intent-draft.js';

/** What the outbox stored: the intent (with its seq) and the member's new local state. */
export interface WrittenIntent {
  readonly intent: IntentRecord;
  readonly member: MemberRecord;
}

async function reversalEffect(db: TerminalDatabase, draft: IntentDraft): Promise<{ credit: number; debit: number; original?: IntentRecord }> {
  const original = await db.intents.where('intentId').equals(draft.originalIntentId!).first();
  let kind = draft.originalKind;
  if (original) {
    if (original.memberId !== draft.memberId || (original.kind !== 'accrue' && original.kind !== 'redeem')) {
      throw new TillpointsError(ERROR_CODES.invalidReversal, `intent ${original.intentId} is not an accrual or redemption of member ${draft.memberId}`);
    }
    if (original.state === 'rejected') {
      throw new TillpointsError(ERROR_CODES.invalidReversal, `intent ${original.intentId} was rejected by the ledger; there is nothing to reverse`);
    }
    const left = original.points - original.reversedPoints;
    if (draft.points > left) {
      throw new TillpointsError(ERROR_CODES.invalidReversal, `only ${left} of ${original.points} points of ${original.intentId} are left to reverse`, {
        details: { left },
      });
    }
    kind = original.kind;
  } else if (!kind) {
    throw new TillpointsError(
      ERROR_CODES.invalidReversal,
      `intent ${draft.originalIntentId} is not in this till's records; pass originalKind to return a bill made elsewhere`,
    );
  }
  return kind === 'accrue'
    ? { credit: 0, debit: draft.points, ...(original ? { original } : {}) }
    : { credit: draft.points, debit: 0, ...(original ? { original } : {}) };
}

/**
 * Writes an intent and the member's new provisional balance in ONE IndexedDB transaction,
 * so neither exists without the other. A redemption (or debit) is checked against the
 * provisional available balance inside the same transaction, so two tabs or two rapid
 * calls cannot both spend the same points. Throws (writing nothing) when it cannot.
 */
export async function writeIntent(
  db: TerminalDatabase,
  draft: IntentDraft,
  made: { intentId: string; now: number },
): Promise<WrittenIntent> {
  return db.transaction('rw', db.members, db.intents, async () => {
    const member = (await db.members.get(draft.memberId)) ?? unknownMember(draft.memberId);
    let credit = 0;
    let debit = 0;
    let original: IntentRecord | undefined;
    if (draft.kind === 'accrue') credit = draft.points;
    else if (draft.kind === 'redeem') debit = draft.points;
    else if (draft.kind === 'adjust') [credit, debit] = draft.points > 0 ? [draft.points, 0] : [0, -draft.points];
    else ({ credit, debit, original } = await reversalEffect(db, draft));

    // Returns take back what was earned even when it was spent; only spending is checked.
    if (debit > 0 && draft.kind !== 'reverse') {
      const available = member.confirmed - member.held + member.pendingCredit - member.pendingDebit;
      if (debit > available) {
        throw new TillpointsError(
          ERROR_CODES.insufficientPoints,
          `member ${draft.memberId} has ${available} points available, ${debit} asked for`,
          { details: { available, requested: debit } },
        );
      }
    }
    const intent: IntentRecord = {
      intentId: made.intentId,
      kind: draft.kind,
      memberId: draft.memberId,
      state: 'pending',
      createdAt: made.now,
      occurredAt: new Date(made.now).toISOString(),
      points: draft.points,
      ...(draft.bill ? { bill: draft.bill } : {}),
      ...(draft.originalIntentId ? { originalIntentId: draft.originalIntentId } : {}),
      ...(draft.lineIds ? { lineIds: [...draft.lineIds] } : {}),
      ...(draft.reason ? { reason: draft.reason } : {}),
      ...(draft.approvedBy ? { approvedBy: draft.approvedBy } : {}),
      credit,
      debit,
      sentAt: null,
      attempts: 0,
      settledAt: null,
      reversedPoints: 0,
    };
    intent.seq = await db.intents.add(intent);
    if (original) {
      await db.intents.update(original.seq!, { reversedPoints: original.reversedPoints + draft.points });
    }
    const updated: MemberRecord = { ...member, pendingCredit: member.pendingCredit + credit, pendingDebit: member.pendingDebit + debit };
    await db.members.put(updated);
    return { intent, member: updated };
  });
}

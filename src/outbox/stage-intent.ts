import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import { promotionPointsOf } from '../rules/index.js';
import { provisionalOf } from '../store/balance-view.js';
import type { IntentRecord, MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { IntentDraft } from './intent-draft.js';

async function reversalEffect(db: TerminalDatabase, draft: IntentDraft): Promise<{ credit: number; debit: number; original?: IntentRecord }> {
  const original = await db.intents.where('intentId').equals(draft.originalIntentId!).first();
  let kind = draft.originalKind;
  if (original) {
    // The original may name a member id enrolled here and since merged into the draft's member.
    const sameMember = original.memberId === draft.memberId || (await db.members.get(original.memberId))?.mergedInto === draft.memberId;
    if (!sameMember || (original.kind !== 'accrue' && original.kind !== 'redeem')) {
      throw new TillpointsError(ERROR_CODES.invalidReversal, `intent ${original.intentId} is not an accrual or redemption of member ${draft.memberId}`);
    }
    if (original.state === 'rejected' || original.state === 'voided') {
      throw new TillpointsError(ERROR_CODES.invalidReversal, `intent ${original.intentId} was ${original.state}; there is nothing to reverse`);
    }
    const left = (original.appliedPoints ?? original.points) - original.reversedPoints;
    const returned = (draft.lineIds ?? []).filter((id) => original.reversedLineIds?.includes(id) || (original.bill?.lines && !original.bill.lines.some((l) => l.lineId === id)));
    if (returned.length > 0) {
      throw new TillpointsError(ERROR_CODES.invalidReversal, `lines ${returned.join(', ')} of ${original.intentId} were returned already or are not on the bill`);
    }
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
 * Adds one intent to the outbox and returns the member with it counted as pending. Runs
 * inside the caller's read-write transaction over `members` and `intents`; a redemption or
 * debit beyond the provisional available balance throws, and the transaction writes nothing.
 */
export async function stageIntent(
  db: TerminalDatabase,
  member: MemberRecord,
  draft: IntentDraft,
  made: { intentId: string; now: number },
): Promise<{ intent: IntentRecord; member: MemberRecord }> {
  let credit = 0;
  let debit = 0;
  let original: IntentRecord | undefined;
  if (draft.kind === 'accrue') credit = draft.points;
  else if (draft.kind === 'redeem') debit = draft.points;
  else if (draft.kind === 'adjust') [credit, debit] = draft.points > 0 ? [draft.points, 0] : [0, -draft.points];
  else if (draft.kind === 'enrol') [credit, debit] = [0, 0]; // an enrolment moves no points
  else ({ credit, debit, original } = await reversalEffect(db, draft));

  // Returns take back what was earned even when it was spent; only spending is checked.
  if (debit > 0 && draft.kind !== 'reverse') {
    const available = provisionalOf(member);
    if (debit > available) {
      throw new TillpointsError(ERROR_CODES.insufficientPoints, `member ${draft.memberId} has ${available} points available, ${debit} asked for`, {
        details: { available, requested: debit },
      });
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
    ...(draft.rulesetVersion ? { rulesetVersion: draft.rulesetVersion } : {}),
    ...(draft.memberSnapshot ? { memberSnapshot: draft.memberSnapshot } : {}),
    ...(draft.earn ? { earn: draft.earn } : {}),
    ...(draft.originalIntentId ? { originalIntentId: draft.originalIntentId } : {}),
    ...(draft.lineIds ? { lineIds: [...draft.lineIds] } : {}),
    ...(draft.reason ? { reason: draft.reason } : {}),
    ...(draft.approvedBy ? { approvedBy: draft.approvedBy } : {}),
    ...(draft.approval ? { approval: { managerId: draft.approval.managerId, pin: draft.approval.pin } } : {}),
    ...(draft.basis ? { basis: draft.basis } : {}),
    ...(draft.holdId ? { holdId: draft.holdId } : {}),
    ...(draft.balanceAsOf ? { balanceAsOf: draft.balanceAsOf } : {}),
    ...(draft.enrolment ? { enrolment: { ...draft.enrolment, consents: [...draft.enrolment.consents] } } : {}),
    credit,
    debit,
    sentAt: null,
    attempts: 0,
    settledAt: null,
    reversedPoints: 0,
  };
  intent.seq = await db.intents.add(intent);
  if (original) {
    await db.intents.update(original.seq!, {
      reversedPoints: original.reversedPoints + draft.points,
      ...(draft.lineIds ? { reversedLineIds: [...(original.reversedLineIds ?? []), ...draft.lineIds] } : {}),
    });
  }
  const updated = { ...member, pendingCredit: member.pendingCredit + credit, pendingDebit: member.pendingDebit + debit, usedAt: made.now };
  // Returned lines give back what they used of per-member promotion caps.
  if (original?.earn && updated.earnState) {
    const promotionPoints = { ...updated.earnState.promotionPoints };
    for (const [id, points] of Object.entries(promotionPointsOf(original.earn, draft.lineIds))) {
      promotionPoints[id] = Math.max(0, (promotionPoints[id] ?? 0) - points);
    }
    updated.earnState = { ...updated.earnState, promotionPoints };
  }
  return { intent, member: updated };
}

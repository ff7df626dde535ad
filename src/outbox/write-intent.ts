import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import { unknownMember } from '../store/balance-view.js';
import type { IntentRecord, MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { IntentDraft } from './intent-draft.js';
import { stageIntent } from './stage-intent.js';

/** What the outbox stored: the intent (with its seq) and the member's new local state. */
export interface WrittenIntent {
  readonly intent: IntentRecord;
  readonly member: MemberRecord;
}

/**
 * Writes an intent and the member's new provisional balance in ONE IndexedDB transaction,
 * so neither exists without the other. A redemption (or debit) is checked against the
 * provisional available balance inside the same transaction, so two tabs or two rapid
 * calls cannot both spend the same points. An intent for a member id merged into another
 * member is written for the survivor. Throws (writing nothing) when it cannot; with
 * `cachedOnly`, throws `member_not_found` with `details.cached: false` for a member this till
 * has no record of (the caller looks them up and writes again: one transaction when cached).
 */
export async function writeIntent(
  db: TerminalDatabase,
  draft: IntentDraft,
  made: { intentId: string; now: number; cachedOnly?: boolean },
): Promise<WrittenIntent> {
  return db.transaction('rw', ['members', 'intents'], async (tx) => {
    const cached = await tx.members.get(draft.memberId);
    if (!cached && made.cachedOnly) {
      throw new TillpointsError(ERROR_CODES.memberNotFound, `member ${draft.memberId} is not cached at this till`, { details: { cached: false } });
    }
    let member = cached ?? unknownMember(draft.memberId, made.now);
    // A member id enrolled here and merged into another member at the ledger: the intent is the survivor's.
    if (member.mergedInto !== undefined) {
      const survivor = await tx.members.get(member.mergedInto);
      if (survivor) [member, draft] = [survivor, { ...draft, memberId: survivor.memberId }];
    }
    const staged = await stageIntent(tx, member, draft, made);
    await tx.members.put(staged.member);
    return staged;
  });
}

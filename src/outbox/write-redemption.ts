import { unknownMember } from '../store/balance-view.js';
import type { MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { IntentDraft } from './intent-draft.js';
import { stageIntent } from './stage-intent.js';
import type { WrittenIntent } from './write-intent.js';

/**
 * What a redemption may rely on, decided before it is written (`grantRedemption`): the
 * intent's basis fields, and what to record of the hold or allowance it uses, inside the
 * write's transaction (over `members`, `intents`, `holds` and `meta`).
 */
export interface RedemptionGrant {
  readonly fields: Pick<IntentDraft, 'basis' | 'holdId' | 'balanceAsOf' | 'approval'>;
  /**
   * Records the hold's use on `tx` (the write's transaction); returns the member row with it.
   * Throws (writing nothing) when it cannot be used.
   */
  readonly apply?: (tx: TerminalDatabase, member: MemberRecord, points: number) => Promise<MemberRecord>;
  /** After the write failed: gives back a hold placed for it (best effort; the ledger's expiry releases it anyway). */
  readonly undo?: () => Promise<void>;
}

/** The tables a redemption's transaction spans. */
export const REDEMPTION_TABLES = ['members', 'intents', 'holds', 'meta'] as const;

/**
 * Writes a redemption on its grant in ONE IndexedDB transaction: the hold's use, the intent
 * (checked against the provisional balance) and the member's new balance.
 */
export async function writeRedemption(
  db: TerminalDatabase,
  draft: IntentDraft,
  grant: RedemptionGrant,
  made: { intentId: string; now: number },
): Promise<WrittenIntent> {
  return db.transaction('rw', REDEMPTION_TABLES, async (tx) => {
    let member = (await tx.members.get(draft.memberId)) ?? unknownMember(draft.memberId, made.now);
    if (grant.apply) member = await grant.apply(tx, member, draft.points);
    const staged = await stageIntent(tx, member, { ...draft, ...grant.fields }, made);
    await tx.members.put(staged.member);
    return staged;
  });
}

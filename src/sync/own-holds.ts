import type { HoldV1, MemberBalanceV1 } from '../protocol/index.js';
import { holdUseBy } from '../policy/hold-use-by.js';
import { takeLedgerBalance } from './take-ledger-balance.js';
import { unknownMember } from '../store/balance-view.js';
import type { HoldRecord, LocalHoldState } from '../store/hold-record.js';
import { putHold } from '../store/own-held.js';
export { ownHeldOf, putHold, withOwnHeld } from '../store/own-held.js';
import type { MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';

const LOCAL_STATE: Record<HoldV1['state'], LocalHoldState> = {
  open: 'open', captured: 'captured', voided: 'voided', released: 'released', expired: 'expired',
};

/** What the ledger answered about one hold or allowance. */
export interface HoldAnswer {
  readonly hold: HoldV1;
  readonly balance: MemberBalanceV1;
  readonly ledgerTime: string;
}

/**
 * Stores what the ledger answered about a hold or allowance of this till, in ONE transaction:
 * the hold record (its use-by time measured against the ledger's clock), the member's
 * confirmed balance (unless it may contain this till's unanswered intents, or is older), and
 * the member's own-held entry. A member this till has never cached (an allowance prefetched
 * for a frequent member) is cached from the balance. `state` overrides an open hold's state
 * (`capturing` when a redemption captures it at once); `queued` adds to what is queued on it.
 */
export async function storeHoldAnswer(
  db: TerminalDatabase,
  answer: HoldAnswer,
  now: number,
  local: { readonly state?: LocalHoldState; readonly queued?: number; readonly billId?: string } = {},
): Promise<{ hold: HoldRecord; member: MemberRecord }> {
  return db.transaction('rw', ['holds', 'members', 'intents', 'meta'], async (tx) => {
    const { hold, balance } = answer;
    const existing = await tx.holds.get(hold.holdId);
    const state = hold.state === 'open' ? (local.state ?? (existing?.state === 'capturing' ? 'capturing' : 'open')) : LOCAL_STATE[hold.state];
    const record: HoldRecord = {
      holdId: hold.holdId,
      kind: hold.kind,
      memberId: hold.memberId,
      points: hold.points,
      remaining: hold.state === 'open' ? hold.points - hold.captured : 0,
      expiresAt: hold.expiresAt,
      useBy: holdUseBy({ expiresAt: hold.expiresAt, ledgerTime: answer.ledgerTime }, now),
      placedAtVersion: balance.version,
      state,
      queued: (existing?.queued ?? 0) + (local.queued ?? 0),
      ...(local.billId ?? existing?.billId ? { billId: (local.billId ?? existing?.billId)! } : {}),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    const cached = (await tx.members.get(hold.memberId)) ?? { ...unknownMember(hold.memberId, now), tier: 'base' };
    const accepted = (await takeLedgerBalance(tx, cached, balance, now)).member;
    const member = (await putHold(tx, record, accepted))!;
    return { hold: record, member };
  });
}

import type { HoldV1, MemberBalanceV1 } from '../protocol/index.js';
import { holdUseBy } from '../policy/hold-use-by.js';
import { hasUnsettledSent } from './sent-intents.js';
import { acceptLedgerBalance } from './settle-results.js';
import { unknownMember } from '../store/balance-view.js';
import type { HoldRecord, LocalHoldState, OwnHeld } from '../store/hold-record.js';
import type { MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';

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
  return db.transaction('rw', [db.holds, db.members, db.intents, db.meta], async () => {
    const { hold, balance } = answer;
    const existing = await db.holds.get(hold.holdId);
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
    const cached = (await db.members.get(hold.memberId)) ?? { ...unknownMember(hold.memberId, now), tier: 'base' };
    const accepted = acceptLedgerBalance(cached, balance, now, await hasUnsettledSent(db, hold.memberId));
    const member = (await putHold(db, record, accepted))!;
    return { hold: record, member };
  });
}

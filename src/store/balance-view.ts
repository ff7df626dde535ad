import { ownHeldToAddBack } from '../policy/count-once.js';
import type { MemberRecord } from './records.js';

/** What the till shows for a member, from local data only. */
export interface Balance {
  readonly memberId: string;
  /**
   * Whether this till holds a record of the member. False (from `getBalance` of a member never
   * looked up, prefetched or enrolled here): `confirmed` and `provisional` are 0 only because
   * nothing is known; show "unknown", not 0.
   */
  readonly known: boolean;
  /** Points the ledger last confirmed. */
  readonly confirmed: number;
  /** Confirmed, plus pending credits, minus pending debits and holds: what the cashier sees. */
  readonly provisional: number;
  /** Points pending intents add (accruals, returns of redemptions); quarantined ones count until staff void them. */
  readonly pendingAccrual: number;
  /** Points pending intents take (redemptions, returns of accruals); quarantined ones count until staff void them. */
  readonly pendingRedemption: number;
  /** When the ledger last confirmed this member (ms since epoch), or null if never. */
  readonly asOf: number | null;
  /** True when the confirmed part is older than the terminal's `staleAfterMs`, or was never confirmed. */
  readonly stale: boolean;
}

/**
 * What a member may spend at this till, from the row alone: the ledger's confirmed points,
 * less what the ledger holds, plus what of that is this till's own to spend (its open
 * allowances, and holds its queued redemptions capture; counted only once the row's confirmed
 * snapshot includes them, and never more than the snapshot holds), plus pending credits, less
 * pending debits. A redemption on basis `hold` or `allowance` is a pending debit like any
 * other, so no point is counted twice: once synced, this equals the ledger's available
 * balance plus this till's open allowances.
 */
export function provisionalOf(member: MemberRecord): number {
  return member.confirmed - member.held + ownHeldToAddBack(member.ownHeld ?? [], member) + member.pendingCredit - member.pendingDebit;
}

/**
 * The balance a member record shows at `now`. `pulledAt` is when a complete pull last
 * found no newer balance for any cached member: the confirmed part is as fresh as that.
 * Pure and cheap: it runs on every lookup.
 */
export function balanceView(member: MemberRecord, now: number, staleAfterMs: number, pulledAt: number | null = null): Balance {
  const asOf = member.version >= 0 && pulledAt !== null ? Math.max(member.asOf ?? 0, pulledAt) : member.asOf;
  return {
    memberId: member.memberId,
    known: true,
    confirmed: member.confirmed,
    provisional: provisionalOf(member),
    pendingAccrual: member.pendingCredit,
    pendingRedemption: member.pendingDebit,
    asOf,
    stale: asOf === null || now - asOf > staleAfterMs,
  };
}

/** A member the ledger has not told this till about yet: nothing confirmed, nothing pending. */
export function unknownMember(memberId: string, now: number): MemberRecord {
  return { memberId, tier: 'base', confirmed: 0, held: 0, version: -1, asOf: null, pendingCredit: 0, pendingDebit: 0, usedAt: now };
}

/** The balance of a member this till holds no record of: nothing known (see `Balance.known`). */
export function unknownBalance(memberId: string): Balance {
  return { memberId, known: false, confirmed: 0, provisional: 0, pendingAccrual: 0, pendingRedemption: 0, asOf: null, stale: true };
}

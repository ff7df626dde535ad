import type { MemberRecord } from './records.js';

/** What the till shows for a member, from local data only. */
export interface Balance {
  readonly memberId: string;
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
 * The balance a member record shows at `now`. `pulledAt` is when a complete pull last
 * found no newer balance for any cached member: the confirmed part is as fresh as that.
 * Pure and cheap: it runs on every lookup.
 */
export function balanceView(member: MemberRecord, now: number, staleAfterMs: number, pulledAt: number | null = null): Balance {
  const asOf = member.version >= 0 && pulledAt !== null ? Math.max(member.asOf ?? 0, pulledAt) : member.asOf;
  return {
    memberId: member.memberId,
    confirmed: member.confirmed,
    provisional: member.confirmed - member.held + member.pendingCredit - member.pendingDebit,
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

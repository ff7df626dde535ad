import { normalizeIndianMobile, type MemberLookupV1, type MemberV1 } from '../protocol/index.js';
import { withPendingEarn } from '../store/pending-earn.js';
import type { MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import { takeLedgerBalance } from '../sync/take-ledger-balance.js';

/**
 * Finds a cached member by id, card or phone (any common Indian form). A member id enrolled
 * here and since merged into another member finds the survivor.
 */
export async function findCachedMember(db: TerminalDatabase, lookup: MemberLookupV1): Promise<MemberRecord | undefined> {
  if ('memberId' in lookup) return survivorOf(db, await db.members.get(lookup.memberId));
  if ('card' in lookup) return survivorOf(db, await db.members.where('cardNumber').equals(lookup.card).first());
  const phone = normalizeIndianMobile(lookup.phone);
  return phone ? survivorOf(db, await db.members.where('phone').equals(phone).first()) : undefined;
}

/** The member itself, or the member its id was merged into (when this till holds them). */
export async function survivorOf(db: TerminalDatabase, member: MemberRecord | undefined): Promise<MemberRecord | undefined> {
  if (member?.mergedInto === undefined) return member;
  return (await db.members.get(member.mergedInto)) ?? member;
}

/**
 * Stores what the ledger said of a member: profile always; confirmed balance, tier and earn
 * state when newer and not possibly containing this till's unanswered intents (then the
 * till's own count stands). Pending totals stay. A ledger shows a till only a masked phone
 * number: `typedPhone`, the number staff typed to find the member, is kept instead, so the
 * member is found by it offline too.
 */
export async function cacheLedgerMember(db: TerminalDatabase, member: MemberV1, now: number, typedPhone?: string): Promise<MemberRecord> {
  return db.transaction('rw', ['members', 'intents', 'meta'], async (tx) => {
    const existing = await tx.members.get(member.memberId);
    const base: MemberRecord = existing ?? {
      memberId: member.memberId, tier: member.tier, confirmed: 0, held: 0, version: -1, asOf: null, pendingCredit: 0, pendingDebit: 0, usedAt: now,
    };
    const profile: MemberRecord = {
      ...base,
      // Found at the ledger: used now, so the pull keeps it in scope.
      usedAt: now,
      ...(member.cardNumber ? { cardNumber: member.cardNumber } : {}),
      ...(member.phone ? { phone: member.phone } : typedPhone ? { phone: typedPhone } : {}),
      ...(member.name ? { name: member.name } : {}),
    };
    const taken = await takeLedgerBalance(tx, profile, member.balance, now);
    let next = taken.member;
    if (!taken.decision.took && member.balance.version === profile.version) next = { ...next, asOf: now };
    if (taken.decision.rulesMayMove) {
      const ledger = { visits: member.visits, qualifyingPoints: member.qualifyingPoints, promotionPoints: member.promotionPoints };
      const earnState = (await withPendingEarn(tx, new Map([[member.memberId, ledger]]))).get(member.memberId)!;
      next = { ...next, tier: member.tier, earnState };
    }
    await tx.members.put(next);
    return next;
  });
}

import { normalizeIndianMobile, type MemberLookupV1, type MemberV1 } from '../protocol/index.js';
import type { MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import { hasUnsettledSent } from '../sync/sent-intents.js';
import { acceptLedgerBalance } from '../sync/settle-results.js';

/** Finds a cached member by id, card or phone (any common Indian form). */
export async function findCachedMember(db: TerminalDatabase, lookup: MemberLookupV1): Promise<MemberRecord | undefined> {
  if ('memberId' in lookup) return db.members.get(lookup.memberId);
  if ('card' in lookup) return db.members.where('cardNumber').equals(lookup.card).first();
  const phone = normalizeIndianMobile(lookup.phone);
  return phone ? db.members.where('phone').equals(phone).first() : undefined;
}

/**
 * Stores what the ledger said of a member: profile always, confirmed balance when newer
 * (and not possibly containing this till's unsettled intents). Pending totals stay.
 */
export async function cacheLedgerMember(db: TerminalDatabase, member: MemberV1, now: number): Promise<MemberRecord> {
  return db.transaction('rw', db.members, db.intents, db.meta, async () => {
    const existing = await db.members.get(member.memberId);
    const base: MemberRecord = existing ?? {
      memberId: member.memberId, tier: member.tier, confirmed: 0, held: 0, version: -1, asOf: null, pendingCredit: 0, pendingDebit: 0,
    };
    const profile: MemberRecord = {
      ...base,
      tier: member.tier,
      ...(member.cardNumber ? { cardNumber: member.cardNumber } : {}),
      ...(member.phone ? { phone: member.phone } : {}),
      ...(member.name ? { name: member.name } : {}),
    };
    const next = acceptLedgerBalance(profile, member.balance, now, await hasUnsettledSent(db, member.memberId));
    const fresh = next === profile && member.balance.version === profile.version ? { ...profile, asOf: now } : next;
    await db.members.put(fresh);
    return fresh;
  });
}

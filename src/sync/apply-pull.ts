import type { MemberChangeV1 } from '../protocol/index.js';
import { withPendingEarn } from '../store/pending-earn.js';
import type { MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import { unansweredSentMembers } from './sent-intents.js';
import { takeWithKnown } from './take-ledger-balance.js';

/**
 * Stores pulled balances of members this till has cached, together with the new cursor,
 * in one IndexedDB transaction. Returns the members whose confirmed balance moved. Its reads
 * are in bulk (the cached members, their pending earn, who has sent intents unanswered), so a
 * page of a thousand members costs a few reads, not a cursor per member.
 */
export async function applyPull(
  db: TerminalDatabase,
  changes: readonly MemberChangeV1[],
  cursor: string,
  now: number,
): Promise<MemberRecord[]> {
  return db.transaction('rw', ['members', 'intents', 'meta'], async (tx) => {
    const moved: MemberRecord[] = [];
    const writes: MemberRecord[] = [];
    const cached = await tx.members.bulkGet(changes.map((c) => c.memberId));
    const ledgerEarn = new Map(changes.flatMap((c, i) => (c.earn && cached[i] ? [[c.memberId, c.earn] as const] : [])));
    const earn = await withPendingEarn(tx, ledgerEarn);
    // Bulk reads for the page: one for whom a lost answer may hide in the balance, not one per member.
    const unanswered = await unansweredSentMembers(tx);
    for (let i = 0; i < changes.length; i++) {
      const member = cached[i];
      const change = changes[i]!;
      if (!member) continue;
      const taken = takeWithKnown(member, change, now, unanswered.has(member.memberId));
      let next = taken.member;
      // The rules' view of the member moves too (tier, visits, promotion use), unless the
      // ledger may already count a bill whose answer this till is still missing.
      const state = earn.get(member.memberId);
      if (change.earn && state && taken.decision.rulesMayMove) next = { ...next, tier: change.earn.tier, earnState: state };
      if (next !== member) {
        writes.push(next);
        if (next.confirmed !== member.confirmed || next.version !== member.version) moved.push(next);
      }
    }
    await tx.members.bulkPut(writes);
    await tx.meta.put({ key: 'pullCursor', value: cursor });
    return moved;
  });
}

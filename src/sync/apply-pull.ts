import type { MemberChangeV1 } from '../protocol/index.js';
import { withPendingEarn } from '../store/pending-earn.js';
import type { MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import { takeLedgerBalance } from './take-ledger-balance.js';

/**
 * Stores pulled balances of members this till has cached, together with the new cursor,
 * in one IndexedDB transaction. Returns the members whose confirmed balance moved.
 */
export async function applyPull(
  db: TerminalDatabase,
  changes: readonly MemberChangeV1[],
  cursor: string,
  now: number,
): Promise<MemberRecord[]> {
  return db.transaction('rw', ['members', 'intents', 'meta'], async (tx) => {
    const moved: MemberRecord[] = [];
    const cached = await tx.members.bulkGet(changes.map((c) => c.memberId));
    const ledgerEarn = new Map(changes.flatMap((c, i) => (c.earn && cached[i] ? [[c.memberId, c.earn] as const] : [])));
    const earn = await withPendingEarn(tx, ledgerEarn);
    for (let i = 0; i < changes.length; i++) {
      const member = cached[i];
      const change = changes[i]!;
      if (!member) continue;
      const taken = await takeLedgerBalance(tx, member, change, now);
      let next = taken.member;
      // The rules' view of the member moves too (tier, visits, promotion use), unless the
      // ledger may already count a bill whose answer this till is still missing.
      const state = earn.get(member.memberId);
      if (change.earn && state && taken.decision.rulesMayMove) next = { ...next, tier: change.earn.tier, earnState: state };
      if (next !== member) {
        await tx.members.put(next);
        if (next.confirmed !== member.confirmed || next.version !== member.version) moved.push(next);
      }
    }
    await tx.meta.put({ key: 'pullCursor', value: cursor });
    return moved;
  });
}

import type { MemberBalanceV1 } from '../protocol/index.js';
import type { MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import { hasUnsettledSent } from './sent-intents.js';
import { acceptLedgerBalance } from './settle-results.js';

/**
 * Stores pulled balances of members this till has cached, together with the new cursor,
 * in one IndexedDB transaction. Returns the members whose confirmed balance moved.
 */
export async function applyPull(
  db: TerminalDatabase,
  changes: readonly MemberBalanceV1[],
  cursor: string,
  now: number,
): Promise<MemberRecord[]> {
  return db.transaction('rw', db.members, db.intents, db.meta, async () => {
    const moved: MemberRecord[] = [];
    const cached = await db.members.bulkGet(changes.map((c) => c.memberId));
    for (let i = 0; i < changes.length; i++) {
      const member = cached[i];
      if (!member) continue;
      const next = acceptLedgerBalance(member, changes[i]!, now, await hasUnsettledSent(db, member.memberId));
      if (next !== member) {
        await db.members.put(next);
        moved.push(next);
      }
    }
    await db.meta.put({ key: 'pullCursor', value: cursor });
    return moved;
  });
}

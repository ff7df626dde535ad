import { MAX_PULL_MEMBERS, idSchema } from '../protocol/index.js';
import type { TerminalDatabase } from '../store/terminal-database.js';

/**
 * The members a pull asks about: every member this till holds, or, past the protocol's
 * limit, the {@link MAX_PULL_MEMBERS} most recently used here (found at the ledger, or
 * given an intent). A terminal's pull always names its members.
 *
 * The cursor is one for the whole scope, so a member who enters the scope later is not
 * sent the changes made before the cursor. That is safe because a member enters it only by
 * being used here, and every use refreshes them: a lookup takes the ledger's current
 * balance (`cacheLedgerMember`), and an intent's answer carries it (`settleResults`).
 * A member who leaves the scope keeps its cached balance, shown as stale once old.
 */
export async function pullScope(db: TerminalDatabase): Promise<string[]> {
  const ids =
    (await db.members.count()) <= MAX_PULL_MEMBERS
      ? await db.members.toCollection().primaryKeys()
      : await db.members.orderBy('usedAt').reverse().limit(MAX_PULL_MEMBERS).primaryKeys();
  // A member id the protocol refuses (stored by an older SDK) would fail every pull: it is left out.
  return (ids as string[]).filter((id) => idSchema.safeParse(id).success);
}

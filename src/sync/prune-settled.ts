import type { TerminalDatabase } from '../store/terminal-database.js';
import { expiredSettled } from './sent-intents.js';

/**
 * The prune phase of a round: deletes the settled intents whose retention ended before
 * `cutoff` (the audit trail is kept `retainSettledMs`). Pending and quarantined intents are
 * never pruned.
 */
export async function pruneSettled(db: TerminalDatabase, cutoff: number): Promise<void> {
  await db.transaction('rw', ['intents'], async (tx) => {
    await tx.intents.bulkDelete(await expiredSettled(tx, cutoff));
  });
}

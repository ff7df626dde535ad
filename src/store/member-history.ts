import { MAX_KEY, MIN_KEY } from './idb/keys.js';
import type { IntentRecord } from './records.js';
import type { TerminalDatabase } from './terminal-database.js';
import { withoutPin } from './without-pin.js';

/**
 * The intents of a member this till still holds, newest first, never with a manager's PIN:
 * the audit trail. Reads that member's rows by the member+state index, not the whole table.
 */
export async function memberHistory(db: TerminalDatabase, memberId: string): Promise<IntentRecord[]> {
  const rows = await db.intents.where('[memberId+state]').between([memberId, MIN_KEY], [memberId, MAX_KEY]).toArray();
  return rows.sort((a, b) => b.seq! - a.seq!).map(withoutPin);
}

import { lockLiveTerminal } from '../apply/terminal-check.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { intColumn } from '../sql/columns.js';
import type { TerminalIdentity } from './terminal-store.js';

/** What registering an incarnation came to: its seq base, or the id is another terminal's. */
export type IncarnationRegistration =
  | { readonly outcome: 'registered'; readonly seqBase: number }
  | { readonly outcome: 'taken'; readonly terminalId: string };

/**
 * Registers a new incarnation of `terminal` (a till that started on an empty database), in
 * the caller's transaction. Its seq base is the highest seq the ledger ever stored for the
 * terminal, so the till's numbers continue after every number the ledger saw. Idempotent by
 * incarnation id: the same id answers the same base, however often the till asks (a lost
 * answer, a retry). Throws `TerminalNotAuthorized` when the terminal was revoked meanwhile.
 */
export async function registerIncarnation(
  tx: SqlExecutor,
  terminal: TerminalIdentity,
  incarnationId: string,
  at: string,
): Promise<IncarnationRegistration> {
  // The lock a push takes too: the base is read while no push of this terminal can move it.
  await lockLiveTerminal(tx, terminal);
  await tx.query(
    `INSERT INTO terminal_incarnations (incarnation_id, terminal_id, seq_base, previous_last_seq, registered_at)
     SELECT $1, terminal_id, last_seq, last_seq, $3::timestamptz FROM terminals WHERE terminal_id = $2
     ON CONFLICT (incarnation_id) DO NOTHING`,
    [incarnationId, terminal.terminalId, at],
  );
  const rows = await tx.query(`SELECT terminal_id, seq_base FROM terminal_incarnations WHERE incarnation_id = $1`, [
    incarnationId,
  ]);
  const row = rows[0]!;
  if (String(row.terminal_id) !== terminal.terminalId) return { outcome: 'taken', terminalId: String(row.terminal_id) };
  return { outcome: 'registered', seqBase: intColumn(row.seq_base) };
}

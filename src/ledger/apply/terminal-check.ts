import type { SqlExecutor } from '../sql/sql-database.js';

/** The terminal a push speaks for was revoked (or moved store) after its key was checked. */
export class TerminalNotAuthorized extends Error {
  override readonly name = 'TerminalNotAuthorized';
}

/**
 * Checks, inside the transaction that applies a push, that its terminal is still live and
 * of the same store, and locks its row until commit: a revocation either commits first
 * (this push is refused and rolled back) or waits for this push to commit.
 * Throws {@link TerminalNotAuthorized} otherwise.
 *
 * The lock is `FOR NO KEY UPDATE`, the one the push's own `last_seq` update takes at the
 * end: a share lock would let two pushes of one terminal each hold it and then deadlock
 * on that update. A terminal's pushes are applied one at a time (its till sends them in
 * order anyway; concurrent ones are retries of the same batch).
 */
export async function lockLiveTerminal(
  tx: SqlExecutor,
  terminal: { readonly terminalId: string; readonly storeId: string },
): Promise<void> {
  const rows = await tx.query(`SELECT store_id, revoked_at FROM terminals WHERE terminal_id = $1 FOR NO KEY UPDATE`, [
    terminal.terminalId,
  ]);
  const row = rows[0];
  if (!row || row.revoked_at !== null || String(row.store_id) !== terminal.storeId) {
    throw new TerminalNotAuthorized(`terminal ${terminal.terminalId} is revoked or no longer of store ${terminal.storeId}`);
  }
}

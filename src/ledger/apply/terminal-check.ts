import type { SqlExecutor } from '../sql/sql-database.js';

/** The terminal a push speaks for was revoked (or moved store) after its key was checked. */
export class TerminalNotAuthorized extends Error {
  override readonly name = 'TerminalNotAuthorized';
}

/**
 * Checks, inside the transaction that applies a push, that its terminal is still live and
 * of the same store, and holds a share lock on its row until commit: a revocation either
 * commits first (this push is refused and rolled back) or waits for this push to commit.
 * Throws {@link TerminalNotAuthorized} otherwise.
 */
export async function lockLiveTerminal(
  tx: SqlExecutor,
  terminal: { readonly terminalId: string; readonly storeId: string },
): Promise<void> {
  const rows = await tx.query(`SELECT store_id, revoked_at FROM terminals WHERE terminal_id = $1 FOR SHARE`, [
    terminal.terminalId,
  ]);
  const row = rows[0];
  if (!row || row.revoked_at !== null || String(row.store_id) !== terminal.storeId) {
    throw new TerminalNotAuthorized(`terminal ${terminal.terminalId} is revoked or no longer of store ${terminal.storeId}`);
  }
}

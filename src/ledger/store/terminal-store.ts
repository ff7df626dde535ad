import { generateApiKey, hashApiKey } from '../auth/api-key.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { LedgerHttpError } from '../http/ledger-http-error.js';

/** A terminal as authentication sees it. */
export interface TerminalIdentity {
  readonly terminalId: string;
  readonly storeId: string;
}

/** Registers a terminal of a store `at` (the ledger's clock) and returns its API key, which is stored only hashed. */
export async function createTerminal(
  db: SqlExecutor,
  terminal: { terminalId: string; storeId: string; label?: string | undefined },
  at: string,
): Promise<string> {
  const apiKey = generateApiKey('terminal');
  const rows = await db.query(
    `INSERT INTO terminals (terminal_id, store_id, label, key_hash, created_at) VALUES ($1, $2, $3, $4, $5::timestamptz)
     ON CONFLICT (terminal_id) DO NOTHING RETURNING terminal_id`,
    [terminal.terminalId, terminal.storeId, terminal.label ?? null, hashApiKey(apiKey), at],
  );
  if (rows.length === 0) {
    throw new LedgerHttpError(409, 'terminal_exists', `terminal ${terminal.terminalId} already exists`);
  }
  return apiKey;
}

/** Revokes a terminal's key at once (`at`, the ledger's clock); its requests get 401 from then on. */
export async function revokeTerminal(db: SqlExecutor, terminalId: string, at: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE terminals SET revoked_at = coalesce(revoked_at, $2::timestamptz) WHERE terminal_id = $1 RETURNING terminal_id`,
    [terminalId, at],
  );
  return rows.length > 0;
}

/** The terminal a key belongs to, unless unknown or revoked. */
export async function findTerminalByKey(
  db: SqlExecutor,
  apiKey: string,
): Promise<TerminalIdentity | undefined> {
  const rows = await db.query(
    `SELECT terminal_id, store_id FROM terminals WHERE key_hash = $1 AND revoked_at IS NULL`,
    [hashApiKey(apiKey)],
  );
  const row = rows[0];
  return row ? { terminalId: String(row.terminal_id), storeId: String(row.store_id) } : undefined;
}

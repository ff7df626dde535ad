import { ledgerLimitsV1Schema, type LedgerLimitsV1 } from '../../protocol/index.js';
import type { SqlExecutor } from '../sql/sql-database.js';

/** The scope key of the program's limits, and of one store's. */
export const PROGRAM_SCOPE = 'program';
export const storeScope = (storeId: string): string => `store:${storeId}`;

/** Replaces the limits of the program (no store) or of one store, `at` (the ledger's clock). */
export async function saveLimits(db: SqlExecutor, storeId: string | undefined, limits: LedgerLimitsV1, at: string): Promise<void> {
  await db.query(
    `INSERT INTO limits (scope, body, updated_at) VALUES ($1, $2::jsonb, $3::timestamptz)
     ON CONFLICT (scope) DO UPDATE SET body = EXCLUDED.body, updated_at = EXCLUDED.updated_at`,
    [storeId === undefined ? PROGRAM_SCOPE : storeScope(storeId), JSON.stringify(limits), at],
  );
}

/** Every scope's limits: the program's and each store's. */
export async function listLimits(db: SqlExecutor): Promise<{ program: LedgerLimitsV1; stores: { storeId: string; limits: LedgerLimitsV1 }[] }> {
  const rows = await db.query(`SELECT scope, body FROM limits ORDER BY scope`);
  let program: LedgerLimitsV1 = {};
  const stores: { storeId: string; limits: LedgerLimitsV1 }[] = [];
  for (const r of rows) {
    const limits = ledgerLimitsV1Schema.parse(r.body);
    const scope = String(r.scope);
    if (scope === PROGRAM_SCOPE) program = limits;
    else stores.push({ storeId: scope.slice('store:'.length), limits });
  }
  return { program, stores };
}

/** What a till's batch needs first: its store's and the program's limits, and the till's stored clock skew. One query. */
export async function loadTillSettings(
  tx: SqlExecutor,
  terminalId: string,
  storeId: string,
): Promise<{ program?: LedgerLimitsV1; store?: LedgerLimitsV1; skewMs: number | null }> {
  const rows = await tx.query(
    `SELECT (SELECT clock_skew_ms FROM terminals WHERE terminal_id = $1) AS skew,
            (SELECT body FROM limits WHERE scope = $2) AS program,
            (SELECT body FROM limits WHERE scope = $3) AS store`,
    [terminalId, PROGRAM_SCOPE, storeScope(storeId)],
  );
  const row = rows[0] ?? {};
  return {
    ...(row.program ? { program: row.program as LedgerLimitsV1 } : {}),
    ...(row.store ? { store: row.store as LedgerLimitsV1 } : {}),
    skewMs: row.skew === null || row.skew === undefined ? null : Number(row.skew),
  };
}

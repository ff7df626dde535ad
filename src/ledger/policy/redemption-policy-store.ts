import { redemptionPolicyV1Schema, type RedemptionPolicyV1 } from '../../protocol/index.js';
import { PROGRAM_SCOPE, storeScope } from '../limits/limit-store.js';
import type { SqlExecutor } from '../sql/sql-database.js';

/** Replaces the redemption policy of the programme (no store) or of one store, `at` (the ledger's clock). */
export async function saveRedemptionPolicy(db: SqlExecutor, storeId: string | undefined, policy: RedemptionPolicyV1, at: string): Promise<void> {
  await db.query(
    `INSERT INTO redemption_policies (scope, body, updated_at) VALUES ($1, $2::jsonb, $3::timestamptz)
     ON CONFLICT (scope) DO UPDATE SET body = EXCLUDED.body, updated_at = EXCLUDED.updated_at`,
    [storeId === undefined ? PROGRAM_SCOPE : storeScope(storeId), JSON.stringify(policy), at],
  );
}

/** Every scope's redemption policy: the programme's and each store's. */
export async function listRedemptionPolicies(
  db: SqlExecutor,
): Promise<{ program: RedemptionPolicyV1; stores: { storeId: string; policy: RedemptionPolicyV1 }[] }> {
  const rows = await db.query(`SELECT scope, body FROM redemption_policies ORDER BY scope`);
  let program: RedemptionPolicyV1 = {};
  const stores: { storeId: string; policy: RedemptionPolicyV1 }[] = [];
  for (const r of rows) {
    const policy = redemptionPolicyV1Schema.parse(r.body);
    const scope = String(r.scope);
    if (scope === PROGRAM_SCOPE) program = policy;
    else stores.push({ storeId: scope.slice('store:'.length), policy });
  }
  return { program, stores };
}

/** The programme's and one store's policy as configured (one query). */
export async function loadPolicyLayers(
  db: SqlExecutor,
  storeId: string,
): Promise<{ program?: RedemptionPolicyV1; store?: RedemptionPolicyV1 }> {
  const rows = await db.query(
    `SELECT (SELECT body FROM redemption_policies WHERE scope = $1) AS program,
            (SELECT body FROM redemption_policies WHERE scope = $2) AS store`,
    [PROGRAM_SCOPE, storeScope(storeId)],
  );
  const row = rows[0] ?? {};
  return {
    ...(row.program ? { program: row.program as RedemptionPolicyV1 } : {}),
    ...(row.store ? { store: row.store as RedemptionPolicyV1 } : {}),
  };
}

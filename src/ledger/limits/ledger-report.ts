import type { ActivityV1, LedgerReportV1 } from '../../protocol/index.js';
import { PROTOCOL_VERSION } from '../../protocol/index.js';
import { intColumn } from '../sql/columns.js';
import type { SqlExecutor } from '../sql/sql-database.js';

type Activity = { applied: number; rejected: Record<string, number>; pointsGranted: number; limitExceeded: number };
const empty = (): Activity => ({ applied: 0, rejected: {}, pointsGranted: 0, limitExceeded: 0 });

function add(into: Activity, row: { outcome: string; reason: string | null; n: number; granted: number }): void {
  if (row.outcome === 'applied') into.applied += row.n;
  else {
    const reason = row.reason ?? 'unknown';
    into.rejected[reason] = (into.rejected[reason] ?? 0) + row.n;
    if (reason === 'limit_exceeded') into.limitExceeded += row.n;
  }
  into.pointsGranted += row.granted;
}

/**
 * What each store and each terminal did: intents applied, rejected by reason, points granted
 * (applied accruals and credit adjustments) and limits hit, for intents received since `since`
 * (all when absent). A stolen key or a cashier's fraud shows up here in one place.
 */
export async function ledgerReport(db: SqlExecutor, since: string | undefined): Promise<LedgerReportV1> {
  const rows = await db.query(
    `SELECT i.store_id, i.terminal_id, i.outcome, i.result ->> 'reason' AS reason, count(*)::int AS n,
            sum(CASE WHEN i.outcome = 'applied' AND (i.kind = 'accrue' OR (i.kind = 'adjust' AND (i.body ->> 'points')::bigint > 0))
                     THEN i.points ELSE 0 END)::text AS granted
       FROM intents i
      WHERE ($1::timestamptz IS NULL OR i.received_at >= $1::timestamptz)
      GROUP BY 1, 2, 3, 4`,
    [since ?? null],
  );
  const skews = await db.query(`SELECT terminal_id, clock_skew_ms FROM terminals`);
  const skewOf = new Map(skews.map((r) => [String(r.terminal_id), r.clock_skew_ms === null ? null : intColumn(r.clock_skew_ms)]));
  const stores = new Map<string, Activity>();
  const terminals = new Map<string, Activity & { storeId: string }>();
  for (const r of rows) {
    const row = { outcome: String(r.outcome), reason: r.reason === null ? null : String(r.reason), n: intColumn(r.n), granted: intColumn(r.granted) };
    const storeId = String(r.store_id);
    const terminalId = String(r.terminal_id);
    if (!stores.has(storeId)) stores.set(storeId, empty());
    if (!terminals.has(terminalId)) terminals.set(terminalId, { ...empty(), storeId });
    add(stores.get(storeId)!, row);
    add(terminals.get(terminalId)!, row);
  }
  const sorted = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    protocol: PROTOCOL_VERSION,
    since: since ?? null,
    stores: sorted(stores).map(([storeId, a]) => ({ storeId, ...(a as ActivityV1) })),
    terminals: sorted(terminals).map(([terminalId, a]) => ({ terminalId, ...a, clockSkewMs: skewOf.get(terminalId) ?? null })),
  };
}

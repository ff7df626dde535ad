import { PROTOCOL_VERSION, type RedemptionActivityV1, type RedemptionReportV1 } from '../../protocol/index.js';
import { intColumn } from '../sql/columns.js';
import type { SqlExecutor } from '../sql/sql-database.js';

const BASES = ['legacy', 'hold', 'allowance', 'limit', 'override'] as const;

const empty = (): RedemptionActivityV1 => ({
  redeemed: { legacy: 0, hold: 0, allowance: 0, limit: 0, override: 0 },
  exposure: 0,
  shortfall: { memberDebt: 0, storeRisk: 0 },
  openHeld: 0,
});

/**
 * What was redeemed on which basis, the exposure taken on the programme's offline limits, the
 * shortfalls found at reconciliation (by who carries them) and what open holds and allowances
 * hold now, per store and per till. Redemptions received since `since` (all when absent);
 * `openHeld` is always as of now.
 */
export async function redemptionReport(db: SqlExecutor, since: string | undefined): Promise<RedemptionReportV1> {
  const redeemed = await db.query(
    `SELECT store_id, terminal_id, coalesce(basis, 'legacy') AS basis, sum(points)::text AS points, sum(exposure)::text AS exposure,
            sum(CASE WHEN shortfall_to = 'member_debt' THEN shortfall ELSE 0 END)::text AS member_debt,
            sum(CASE WHEN shortfall_to = 'store_risk' THEN shortfall ELSE 0 END)::text AS store_risk
       FROM intents
      WHERE kind = 'redeem' AND outcome = 'applied' AND ($1::timestamptz IS NULL OR received_at >= $1::timestamptz)
      GROUP BY 1, 2, 3`,
    [since ?? null],
  );
  const held = await db.query(
    `SELECT store_id, terminal_id, sum(points - captured)::text AS held FROM holds WHERE state = 'open' GROUP BY 1, 2`,
  );
  const stores = new Map<string, RedemptionActivityV1>();
  const terminals = new Map<string, RedemptionActivityV1 & { storeId: string }>();
  const both = (storeId: string, terminalId: string): RedemptionActivityV1[] => {
    if (!stores.has(storeId)) stores.set(storeId, empty());
    if (!terminals.has(terminalId)) terminals.set(terminalId, { ...empty(), storeId });
    return [stores.get(storeId)!, terminals.get(terminalId)!];
  };
  for (const r of redeemed) {
    const basis = BASES.find((b) => b === r.basis) ?? 'legacy';
    for (const a of both(String(r.store_id), String(r.terminal_id))) {
      a.redeemed[basis] += intColumn(r.points);
      a.exposure += intColumn(r.exposure);
      a.shortfall.memberDebt += intColumn(r.member_debt);
      a.shortfall.storeRisk += intColumn(r.store_risk);
    }
  }
  for (const r of held) for (const a of both(String(r.store_id), String(r.terminal_id))) a.openHeld += intColumn(r.held);
  const sorted = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    protocol: PROTOCOL_VERSION,
    since: since ?? null,
    stores: sorted(stores).map(([storeId, a]) => ({ storeId, ...a })),
    terminals: sorted(terminals).map(([terminalId, a]) => ({ terminalId, ...a })),
  };
}

import { intColumn } from '../sql/columns.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { MinuteWindows } from './minute-windows.js';

// A bill's time as the ledger judged it: corrected for the till's clock when that differed.
const BILL_TIME = 'coalesce(billed_at, occurred_at)';
const MINUTE = `floor(extract(epoch FROM ${BILL_TIME}) / 60)::bigint`;

/** Points a terminal granted (applied accruals, credit adjustments) per minute of bill time in [from, to]. */
export async function loadTerminalGrants(tx: SqlExecutor, terminalId: string, from: string, to: string): Promise<MinuteWindows> {
  const rows = await tx.query(
    `SELECT ${MINUTE} AS minute,
            sum(CASE WHEN kind = 'accrue' OR (body ->> 'points')::bigint > 0 THEN points ELSE 0 END)::text AS points
       FROM intents
      WHERE terminal_id = $1 AND outcome = 'applied' AND kind IN ('accrue', 'adjust')
        AND ${BILL_TIME} >= $2::timestamptz AND ${BILL_TIME} <= $3::timestamptz
      GROUP BY 1`,
    [terminalId, from, to],
  );
  const windows = new MinuteWindows();
  for (const r of rows) windows.add(intColumn(r.minute), intColumn(r.points));
  return windows;
}

/** Each member's applied redemptions per minute of bill time in [from, to]. */
export async function loadMemberRedemptions(
  tx: SqlExecutor,
  memberIds: readonly string[],
  from: string,
  to: string,
): Promise<Map<string, MinuteWindows>> {
  const byMember = new Map(memberIds.map((id) => [id, new MinuteWindows()]));
  if (memberIds.length === 0) return byMember;
  const rows = await tx.query(
    `SELECT member_id, ${MINUTE} AS minute, count(*)::int AS n
       FROM intents
      WHERE member_id = ANY($1::text[]) AND kind = 'redeem' AND outcome = 'applied'
        AND ${BILL_TIME} >= $2::timestamptz AND ${BILL_TIME} <= $3::timestamptz
      GROUP BY 1, 2`,
    [memberIds, from, to],
  );
  for (const r of rows) byMember.get(String(r.member_id))?.add(intColumn(r.minute), intColumn(r.n));
  return byMember;
}

import { intColumn } from '../sql/columns.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { MinuteWindows } from './minute-windows.js';

// A bill's time as the ledger judged it: corrected for the till's clock when that differed.
const BILL_TIME = 'coalesce(billed_at, occurred_at)';
const MINUTE = `floor(extract(epoch FROM ${BILL_TIME}) / 60)::bigint`;

/**
 * Points a terminal granted (accruals, credit adjustments) per minute of bill time, from
 * minute `from` to `to`: counted while a terminal limit was configured for its store. Locks
 * the terminal's row for the transaction.
 */
export async function loadTerminalGrants(tx: SqlExecutor, terminalId: string, from: number, to: number): Promise<MinuteWindows> {
  // Concurrent pushes of one key (a thief racing its own limit) wait for each other here.
  await tx.query(`SELECT 1 FROM terminals WHERE terminal_id = $1 FOR UPDATE`, [terminalId]);
  const rows = await tx.query(
    `SELECT minute, points FROM terminal_grants WHERE terminal_id = $1 AND minute >= $2 AND minute <= $3`,
    [terminalId, from, to],
  );
  const windows = new MinuteWindows();
  for (const r of rows) windows.add(intColumn(r.minute), intColumn(r.points));
  return windows;
}

/** Adds a batch's grants to its terminal's per-minute totals. */
export async function saveTerminalGrants(tx: SqlExecutor, terminalId: string, added: ReadonlyMap<number, number>): Promise<void> {
  if (added.size === 0) return;
  await tx.query(
    `INSERT INTO terminal_grants (terminal_id, minute, points)
     SELECT $1, minute, points FROM jsonb_to_recordset($2::jsonb) AS u(minute bigint, points bigint)
     ON CONFLICT (terminal_id, minute) DO UPDATE SET points = terminal_grants.points + EXCLUDED.points`,
    [terminalId, JSON.stringify([...added].map(([minute, points]) => ({ minute, points })))],
  );
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

import { PROTOCOL_VERSION, type TrialBalanceV1 } from '../../protocol/index.js';
import { intColumn } from '../sql/columns.js';
import type { SqlExecutor } from '../sql/sql-database.js';

/**
 * The trial balance from the journal: each programme account's balance (credits minus
 * debits), all member accounts summed as `member:*`, their total (zero when the books
 * balance), and any member whose stored balance differs from their journal: their account
 * must equal `points - held`, and what their holds put in `program:pending` and did not take
 * out must equal `held` and what their open holds have left.
 */
export async function trialBalance(db: SqlExecutor): Promise<TrialBalanceV1> {
  const accounts = await db.query(
    `WITH movements AS (
       SELECT credit_account AS account, points FROM journal
       UNION ALL
       SELECT debit_account, -points FROM journal
     )
     SELECT CASE WHEN account LIKE 'member:%' THEN 'member:*' ELSE account END AS account,
            sum(points)::text AS balance
       FROM movements GROUP BY 1 ORDER BY 1`,
  );
  const mismatched = await db.query(
    `WITH member_journal AS (
       SELECT account, sum(points) AS balance FROM (
         SELECT credit_account AS account, points FROM journal WHERE credit_account LIKE 'member:%'
         UNION ALL
         SELECT debit_account, -points FROM journal WHERE debit_account LIKE 'member:%'
       ) m GROUP BY account
     ),
     pending_journal AS (
       SELECT h.member_id, sum(CASE WHEN j.credit_account = 'program:pending' THEN j.points ELSE -j.points END) AS pending
         FROM journal j JOIN holds h ON h.hold_id = j.hold_id
        WHERE j.credit_account = 'program:pending' OR j.debit_account = 'program:pending'
        GROUP BY h.member_id
     ),
     open_holds AS (
       SELECT member_id, sum(points - captured) AS held FROM holds WHERE state = 'open' GROUP BY member_id
     )
     SELECT m.member_id FROM members m
       LEFT JOIN member_journal j ON j.account = 'member:' || m.member_id
       LEFT JOIN pending_journal p ON p.member_id = m.member_id
       LEFT JOIN open_holds o ON o.member_id = m.member_id
      WHERE m.points - m.held <> coalesce(j.balance, 0)
         OR m.held <> coalesce(p.pending, 0)
         OR m.held <> coalesce(o.held, 0)
      ORDER BY m.member_id LIMIT 1000`,
  );
  const rows = accounts.map((r) => ({ account: String(r.account), balance: intColumn(r.balance) }));
  return {
    protocol: PROTOCOL_VERSION,
    accounts: rows,
    total: rows.reduce((sum, r) => sum + r.balance, 0),
    mismatchedMembers: mismatched.map((r) => String(r.member_id)),
  };
}

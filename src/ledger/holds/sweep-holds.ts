import { withTransactionRetry } from '../apply/retry-transaction.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import { expireDueHolds } from './expire-holds.js';
import { lockMemberRows } from './hold-store.js';

// Members whose holds one transaction of the sweep expires.
const SWEEP_BATCH = 200;
// Bounds one sweep, so a huge backlog cannot keep it running: the next sweep goes on.
const MAX_SWEEP_BATCHES = 50;

/**
 * Expires every open hold and allowance the ledger's clock (`at`) has passed, a batch of
 * members per transaction (each member locked, as any decision on them does). A till that
 * died leaves its allowances to this. Returns how many holds it expired.
 */
export async function sweepExpiredHolds(db: SqlDatabase, at: string): Promise<number> {
  let expired = 0;
  for (let batch = 0; batch < MAX_SWEEP_BATCHES; batch++) {
    const due = await db.query(
      `SELECT DISTINCT member_id FROM (
         SELECT member_id FROM holds WHERE state = 'open' AND expires_at <= $1::timestamptz
          ORDER BY expires_at LIMIT ${SWEEP_BATCH}
       ) d`,
      [at],
    );
    if (due.length === 0) break;
    expired += await withTransactionRetry(db, async (tx) => {
      const members = await lockMemberRows(tx, due.map((r) => String(r.member_id)));
      return (await expireDueHolds(tx, members, at)).length;
    });
  }
  return expired;
}

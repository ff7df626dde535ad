import type { MemberBalanceV1 } from '../../protocol/index.js';
import { instantColumn, intColumn } from '../sql/columns.js';
import type { SqlExecutor } from '../sql/sql-database.js';

/** A member's balance as the apply step holds it while the member's row is locked. */
export interface MemberState {
  readonly memberId: string;
  points: number;
  held: number;
  version: number;
  updatedAt: string;
}

/** The wire form of a member's confirmed balance. */
export function toMemberBalance(state: MemberState): MemberBalanceV1 {
  return {
    memberId: state.memberId,
    points: state.points,
    held: state.held,
    available: state.points - state.held,
    version: state.version,
    updatedAt: state.updatedAt,
  };
}

/**
 * Locks members' rows and reads their balances. Rows are locked in one global order (by member
 * id), so concurrent pushes, holds and sweeps never deadlock. The one place a decision reads them.
 */
export async function lockMemberRows(tx: SqlExecutor, memberIds: readonly string[]): Promise<Map<string, MemberState>> {
  const rows = await tx.query(
    `SELECT member_id, points, held, version, updated_at FROM members
      WHERE member_id = ANY($1::text[]) ORDER BY member_id FOR UPDATE`,
    [[...new Set(memberIds)].sort()],
  );
  return new Map(
    rows.map((r) => [
      String(r.member_id),
      {
        memberId: String(r.member_id),
        points: intColumn(r.points),
        held: intColumn(r.held),
        version: intColumn(r.version),
        updatedAt: instantColumn(r.updated_at),
      },
    ]),
  );
}

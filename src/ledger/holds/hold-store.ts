import { memberAccount, PROGRAM_ACCOUNTS } from '../journal/accounts.js';
import type { MemberState } from '../apply/member-state.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { HOLD_COLUMNS, holdFromRow, type Hold } from './hold.js';

/** One journal entry of a hold: placing, capturing or returning its points. */
export interface HoldEntry {
  readonly holdId: string;
  /** The redemption that captured it, for a capture's entries. */
  readonly intentId?: string;
  readonly debit: string;
  readonly credit: string;
  readonly points: number;
}

/** The entry that takes a hold's points out of the member's available balance. */
export const placeEntry = (hold: Hold): HoldEntry => ({
  holdId: hold.holdId,
  debit: memberAccount(hold.memberId),
  credit: PROGRAM_ACCOUNTS.pending,
  points: hold.points,
});

/** The entry that gives what a hold has left back to the member (void, release, expiry, the rest of a capture). */
export const returnEntry = (hold: Hold, points: number): HoldEntry => ({
  holdId: hold.holdId,
  debit: PROGRAM_ACCOUNTS.pending,
  credit: memberAccount(hold.memberId),
  points,
});

export { lockMemberRows } from '../apply/member-state.js';

/** Writes members' points, held points and versions (the caller moved them in memory). */
export async function saveMemberStates(tx: SqlExecutor, members: readonly MemberState[], at: string): Promise<void> {
  if (members.length === 0) return;
  await tx.query(
    `UPDATE members m
        SET points = u.points, held = u.held, version = u.version, updated_at = $2::timestamptz,
            change_xid = pg_current_xact_id()
       FROM jsonb_to_recordset($1::jsonb) AS u(member_id text, points bigint, held bigint, version bigint)
      WHERE m.member_id = u.member_id`,
    [JSON.stringify(members.map((m) => ({ member_id: m.memberId, points: m.points, held: m.held, version: m.version }))), at],
  );
}

/** Reads one hold (`lock`: and locks its row, after its member's). */
export async function findHold(tx: SqlExecutor, holdId: string, lock = false): Promise<Hold | undefined> {
  const rows = await tx.query(`SELECT ${HOLD_COLUMNS} FROM holds WHERE hold_id = $1${lock ? ' FOR UPDATE' : ''}`, [holdId]);
  return rows[0] && holdFromRow(rows[0]);
}

/** Reads (and locks) holds by id. */
export async function lockHolds(tx: SqlExecutor, holdIds: readonly string[]): Promise<Map<string, Hold>> {
  if (holdIds.length === 0) return new Map();
  const rows = await tx.query(`SELECT ${HOLD_COLUMNS} FROM holds WHERE hold_id = ANY($1::text[]) ORDER BY hold_id FOR UPDATE`, [
    [...new Set(holdIds)],
  ]);
  return new Map(rows.map((r) => [String(r.hold_id), holdFromRow(r)]));
}

/** Stores a new hold. */
export async function insertHold(tx: SqlExecutor, hold: Hold): Promise<void> {
  await tx.query(
    `INSERT INTO holds (hold_id, kind, member_id, terminal_id, store_id, points, captured, state, bill_id, content_hash, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::timestamptz, $12::timestamptz)`,
    [hold.holdId, hold.kind, hold.memberId, hold.terminalId, hold.storeId, hold.points, hold.captured, hold.state, hold.billId, hold.contentHash, hold.expiresAt, hold.createdAt],
  );
}

/** Writes holds' captured points, states and expiries (the caller moved them in memory). */
export async function saveHolds(tx: SqlExecutor, holds: readonly Hold[]): Promise<void> {
  if (holds.length === 0) return;
  await tx.query(
    `UPDATE holds h SET captured = u.captured, state = u.state, expires_at = u.expires_at, closed_at = u.closed_at
       FROM jsonb_to_recordset($1::jsonb) AS u(hold_id text, captured bigint, state text, expires_at timestamptz, closed_at timestamptz)
      WHERE h.hold_id = u.hold_id`,
    [JSON.stringify(holds.map((h) => ({ hold_id: h.holdId, captured: h.captured, state: h.state, expires_at: h.expiresAt, closed_at: h.closedAt })))],
  );
}

/** Journals holds' entries. */
export async function journalHoldEntries(tx: SqlExecutor, entries: readonly HoldEntry[], at: string): Promise<void> {
  const rows = entries.filter((e) => e.points > 0);
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO journal (intent_id, hold_id, debit_account, credit_account, points, created_at)
     SELECT intent_id, hold_id, debit, credit, points, $2::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS r(intent_id text, hold_id text, debit text, credit text, points bigint)`,
    [JSON.stringify(rows.map((e) => ({ intent_id: e.intentId ?? null, hold_id: e.holdId, debit: e.debit, credit: e.credit, points: e.points }))), at],
  );
}

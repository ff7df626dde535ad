import type { HoldKind, HoldState, HoldV1 } from '../../protocol/index.js';
import { instantColumn, intColumn, textOrNull } from '../sql/columns.js';
import type { SqlRow } from '../sql/sql-database.js';

/** A hold or allowance as the ledger stores it. */
export interface Hold {
  readonly holdId: string;
  readonly kind: HoldKind;
  readonly memberId: string;
  readonly terminalId: string;
  readonly storeId: string;
  readonly points: number;
  captured: number;
  state: HoldState;
  readonly billId: string | null;
  readonly contentHash: string;
  expiresAt: string;
  readonly createdAt: string;
  closedAt: string | null;
}

/** The columns {@link holdFromRow} reads. */
export const HOLD_COLUMNS =
  'hold_id, kind, member_id, terminal_id, store_id, points, captured, state, bill_id, content_hash, expires_at, created_at, closed_at';

/** Reads a `holds` row. */
export function holdFromRow(r: SqlRow): Hold {
  return {
    holdId: String(r.hold_id),
    kind: r.kind as HoldKind,
    memberId: String(r.member_id),
    terminalId: String(r.terminal_id),
    storeId: String(r.store_id),
    points: intColumn(r.points),
    captured: intColumn(r.captured),
    state: r.state as HoldState,
    billId: textOrNull(r.bill_id),
    contentHash: String(r.content_hash),
    expiresAt: instantColumn(r.expires_at),
    createdAt: instantColumn(r.created_at),
    closedAt: r.closed_at === null || r.closed_at === undefined ? null : instantColumn(r.closed_at),
  };
}

/** What an open hold still holds (0 once closed). */
export function holdRemaining(hold: Hold): number {
  return hold.state === 'open' ? hold.points - hold.captured : 0;
}

/** Whether the ledger's clock has passed the hold's expiry. */
export function isDue(hold: Hold, at: string): boolean {
  return hold.state === 'open' && Date.parse(hold.expiresAt) <= Date.parse(at);
}

/** The wire form of a hold. */
export function toHoldV1(hold: Hold): HoldV1 {
  return {
    holdId: hold.holdId,
    kind: hold.kind,
    memberId: hold.memberId,
    terminalId: hold.terminalId,
    storeId: hold.storeId,
    points: hold.points,
    captured: hold.captured,
    state: hold.state,
    expiresAt: hold.expiresAt,
  };
}

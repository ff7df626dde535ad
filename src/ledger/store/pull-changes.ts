import type { MemberBalanceV1, MemberChangeV1, PullResponseV1 } from '../../protocol/index.js';
import { currentTierRules, loadEarnState } from '../earn/earn-state.js';
import { PROTOCOL_VERSION } from '../../protocol/index.js';
import { LedgerHttpError } from '../http/ledger-http-error.js';
import { instantColumn, intColumn } from '../sql/columns.js';
import type { SqlExecutor } from '../sql/sql-database.js';

/**
 * Where a terminal is in the stream of member changes. Each member row carries the id of
 * the transaction that last changed it (`change_xid`). A round returns rows with
 * `change_xid >= from`; the next round starts at the oldest transaction still running
 * when this one began (`pg_snapshot_xmin`), so a change committed late by a slow
 * transaction is never skipped. Some changes come twice; the terminal keeps the highest
 * version. `after`/`next` page through one round.
 */
interface PullCursor {
  readonly from: string;
  readonly after?: readonly [xid: string, memberId: string];
  readonly next?: string;
}

const XID_DIGITS = /^\d{1,20}$/;
const MAX_XID8 = 2n ** 64n - 1n;

/** A transaction id as PostgreSQL's `xid8` holds it: digits, at most 2^64 - 1. */
const XID = { test: (text: string) => XID_DIGITS.test(text) && BigInt(text) <= MAX_XID8 };

function encodeCursor(cursor: PullCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string | null): PullCursor {
  if (text === null) return { from: '0' };
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as PullCursor;
    const valid =
      typeof c.from === 'string' &&
      XID.test(c.from) &&
      (c.next === undefined || (typeof c.next === 'string' && XID.test(c.next))) &&
      (c.after === undefined ||
        (Array.isArray(c.after) &&
          c.after.length === 2 &&
          XID.test(String(c.after[0])) &&
          typeof c.after[1] === 'string'));
    if (valid) return c;
  } catch {
    // fall through to the typed error
  }
  throw new LedgerHttpError(400, 'invalid_cursor', 'the pull cursor is not one this ledger issued');
}

/**
 * Balances of `memberIds` changed since `cursor`. The members are always named: a pull
 * never enumerates the programme. `at` (the ledger's clock) dates what the earning rules know.
 */
export async function pullChanges(
  db: SqlExecutor,
  request: { cursor: string | null; memberIds: readonly string[]; limit?: number | undefined },
  at: string,
): Promise<PullResponseV1> {
  const cursor = decodeCursor(request.cursor);
  const limit = request.limit ?? 1000;
  const rows = await db.query(
    `SELECT member_id, points, held, version, updated_at, change_xid::text AS xid,
            pg_snapshot_xmin(pg_current_snapshot())::text AS xmin
       FROM members
      WHERE change_xid >= $1::xid8
        AND ($2::text IS NULL OR (change_xid, member_id) > ($2::xid8, $3::text))
        AND ($4::text[] IS NULL OR member_id = ANY($4::text[]))
      ORDER BY change_xid, member_id
      LIMIT $5`,
    [cursor.from, cursor.after?.[0] ?? null, cursor.after?.[1] ?? null, request.memberIds, limit + 1],
  );
  const xmin = rows[0]
    ? String(rows[0].xmin)
    : String((await db.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`))[0]!.xmin);
  const next = cursor.next ?? xmin;
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const changes: MemberBalanceV1[] = page.map((r) => {
    const points = intColumn(r.points);
    const held = intColumn(r.held);
    return {
      memberId: String(r.member_id),
      points,
      held,
      available: points - held,
      version: intColumn(r.version),
      updatedAt: instantColumn(r.updated_at),
    };
  });
  // What the earning rules know of each changed member, so tills earn the next bill right.
  const earn = await loadEarnState(db, changes.map((c) => c.memberId), await currentTierRules(db), at);
  const withEarn: MemberChangeV1[] = changes.map((c) => {
    const state = earn.get(c.memberId);
    return state ? { ...c, earn: { ...state, promotionPoints: { ...state.promotionPoints } } } : c;
  });
  const last = page[page.length - 1];
  const nextCursor: PullCursor =
    hasMore && last
      ? { from: cursor.from, after: [String(last.xid), String(last.member_id)], next }
      : { from: next };
  return { protocol: PROTOCOL_VERSION, changes: withEarn, cursor: encodeCursor(nextCursor), hasMore };
}

import type { SqlExecutor } from '../sql/sql-database.js';
import type { IntentRecord } from './apply-intents.js';
import type { MemberState } from './member-state.js';
import type { OriginalIntent, ReversalProgress } from './original-intent.js';

/**
 * Every field of {@link ReversalProgress} with its column: the insert and the update of a
 * stored original both go through {@link progressColumns}, so a new field cannot be
 * forgotten by one of them (a compile error here until it has a column).
 */
const PROGRESS_COLUMNS = {
  reversedPoints: 'reversed_points',
  reversedLines: 'reversed_lines',
} as const satisfies Record<keyof ReversalProgress, string>;

function progressColumns(progress: ReversalProgress): { reversed_points: number; reversed_lines: readonly string[] } {
  return {
    [PROGRESS_COLUMNS.reversedPoints]: progress.reversedPoints,
    [PROGRESS_COLUMNS.reversedLines]: progress.reversedLines,
  };
}

/** Writes the whole reversal progress of originals stored by earlier pushes, in one statement. */
async function writeReversalProgress(tx: SqlExecutor, originals: readonly OriginalIntent[]): Promise<void> {
  if (originals.length === 0) return;
  await tx.query(
    `UPDATE intents i SET reversed_points = u.reversed_points, reversed_lines = u.reversed_lines
       FROM jsonb_to_recordset($1::jsonb) AS u(intent_id text, reversed_points bigint, reversed_lines text[])
      WHERE i.intent_id = u.intent_id`,
    [JSON.stringify(originals.map((o) => ({ intent_id: o.intentId, ...progressColumns(o.progress) })))],
  );
}

/**
 * Writes a decided batch in a few set-based statements (one JSON parameter each, the
 * same SQL on PGlite and PostgreSQL). Returns how many intent rows were inserted; when
 * that is fewer than given, nothing else was written and the caller must retry.
 */
export async function writeApplied(
  tx: SqlExecutor,
  records: readonly IntentRecord[],
  members: ReadonlyMap<string, MemberState>,
  storedOriginals: readonly OriginalIntent[],
  at: string,
): Promise<number> {
  if (records.length === 0) return 0;
  const intentRows = records.map((r) => ({
    intent_id: r.intent.intentId,
    kind: r.intent.kind,
    terminal_id: r.intent.terminalId,
    store_id: r.intent.storeId,
    member_id: r.intent.memberId,
    seq: r.intent.seq,
    occurred_at: r.intent.occurredAt,
    content_hash: r.hash,
    body: r.intent,
    outcome: r.result.outcome,
    result: r.result,
    points: r.original.points,
    ...progressColumns(r.original.progress),
    earn: r.earn ?? null,
  }));
  const inserted = await tx.query(
    `INSERT INTO intents (intent_id, kind, terminal_id, store_id, member_id, seq, occurred_at, received_at,
                          content_hash, body, outcome, result, points, reversed_points, reversed_lines, earn)
     SELECT intent_id, kind, terminal_id, store_id, member_id, seq, occurred_at, $2::timestamptz,
            content_hash, body, outcome, result, points, reversed_points, reversed_lines, earn
       FROM jsonb_to_recordset($1::jsonb) AS r(intent_id text, kind text, terminal_id text, store_id text,
            member_id text, seq bigint, occurred_at timestamptz, content_hash text, body jsonb, outcome text,
            result jsonb, points bigint, reversed_points bigint, reversed_lines text[], earn jsonb)
     ON CONFLICT (intent_id) DO NOTHING
     RETURNING intent_id`,
    [JSON.stringify(intentRows), at],
  );
  if (inserted.length !== records.length) return inserted.length;

  const journalRows = records.flatMap((r) =>
    (r.transfers ?? []).map((t) => ({
      intent_id: r.intent.intentId,
      hold_id: t.holdId ?? null,
      debit: t.debit,
      credit: t.credit,
      points: t.points,
    })),
  );
  if (journalRows.length > 0) {
    await tx.query(
      `INSERT INTO journal (intent_id, hold_id, debit_account, credit_account, points, created_at)
       SELECT intent_id, hold_id, debit, credit, points, $2::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS r(intent_id text, hold_id text, debit text, credit text, points bigint)`,
      [JSON.stringify(journalRows), at],
    );
  }
  // Every applied intent moves its member's version; every applied accrual is a visit.
  const applied = records.filter((r) => r.result.outcome === 'applied');
  if (applied.length > 0) {
    const visits = new Map<string, number>();
    for (const r of applied) visits.set(r.intent.memberId, (visits.get(r.intent.memberId) ?? 0) + (r.intent.kind === 'accrue' ? 1 : 0));
    const memberRows = [...visits].map(([id, newVisits]) => {
      const m = members.get(id)!;
      return { member_id: id, points: m.points, held: m.held, version: m.version, visits: newVisits };
    });
    await tx.query(
      `UPDATE members m
          SET points = u.points, held = u.held, version = u.version, visits = m.visits + u.visits, updated_at = $2::timestamptz,
              change_xid = pg_current_xact_id()
         FROM jsonb_to_recordset($1::jsonb) AS u(member_id text, points bigint, held bigint, version bigint, visits integer)
        WHERE m.member_id = u.member_id`,
      [JSON.stringify(memberRows), at],
    );
  }
  await writeReversalProgress(tx, storedOriginals);
  const lastSeqs = new Map<string, number>();
  for (const r of records)
    lastSeqs.set(r.intent.terminalId, Math.max(lastSeqs.get(r.intent.terminalId) ?? 0, r.intent.seq));
  await tx.query(
    `UPDATE terminals t SET last_seq = GREATEST(t.last_seq, u.seq)
       FROM jsonb_to_recordset($1::jsonb) AS u(terminal_id text, seq bigint)
      WHERE t.terminal_id = u.terminal_id`,
    [JSON.stringify([...lastSeqs].map(([terminal_id, seq]) => ({ terminal_id, seq })))],
  );
  return inserted.length;
}

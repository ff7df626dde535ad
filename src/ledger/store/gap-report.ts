import type { SeqGapV1 } from '../../protocol/index.js';
import { instantColumn, intColumn, textOrNull } from '../sql/columns.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { ADMIN_TERMINAL_ID } from './member-store.js';

/**
 * Numbers absent between the numbers stored for each terminal (from 1): one window over
 * `intents_by_terminal`. Every stored intent counts, applied or rejected; an intent refused
 * as malformed (`invalid_intent`) is not stored, so it shows here until the till sends it
 * fixed. The ledger's own adjustments (`ledger-admin`, all numbered 1) are not a till's.
 * The incarnation is the one whose numbers the intent after the gap falls in.
 */
const MISSING = `
  SELECT 'missing' AS kind, g.terminal_id, g.store_id, g.prev_seq + 1 AS from_seq, g.seq - 1 AS to_seq,
         g.received_at AS detected_at, inc.incarnation_id
    FROM (SELECT terminal_id, store_id, seq, received_at,
                 coalesce(lag(seq) OVER (PARTITION BY terminal_id ORDER BY seq), 0) AS prev_seq
            FROM intents WHERE terminal_id <> $1) g
    LEFT JOIN LATERAL (
      SELECT incarnation_id FROM terminal_incarnations i
       WHERE i.terminal_id = g.terminal_id AND i.seq_base < g.seq
       ORDER BY i.seq_base DESC, i.position DESC LIMIT 1) inc ON true
   WHERE g.seq > g.prev_seq + 1`;

/**
 * Incarnations registered by a terminal that had a past: intents stored, or an earlier
 * incarnation. What the wiped till made after the last number the ledger had and never
 * sent is lost; how many is unknown.
 */
const STORAGE_RESETS = `
  SELECT 'storage_reset' AS kind, i.terminal_id, t.store_id, i.previous_last_seq + 1 AS from_seq, NULL::bigint AS to_seq,
         i.registered_at AS detected_at, i.incarnation_id
    FROM terminal_incarnations i JOIN terminals t ON t.terminal_id = i.terminal_id
   WHERE i.previous_last_seq > 0
      OR EXISTS (SELECT 1 FROM terminal_incarnations e WHERE e.terminal_id = i.terminal_id AND e.position < i.position)`;

/** Every gap in what the tills sent, by terminal, then seq, then when it was noticed. */
export async function gapReport(db: SqlExecutor): Promise<SeqGapV1[]> {
  const rows = await db.query(
    `${MISSING} UNION ALL ${STORAGE_RESETS} ORDER BY terminal_id, from_seq, detected_at, kind`,
    [ADMIN_TERMINAL_ID],
  );
  return rows.map((r) => ({
    terminalId: String(r.terminal_id),
    storeId: String(r.store_id),
    kind: r.kind === 'missing' ? 'missing' : 'storage_reset',
    fromSeq: intColumn(r.from_seq),
    toSeq: r.to_seq === null ? null : intColumn(r.to_seq),
    detectedAt: instantColumn(r.detected_at),
    incarnationId: textOrNull(r.incarnation_id),
  }));
}

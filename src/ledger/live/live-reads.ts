import { createHash } from 'node:crypto';
import { intColumn } from '../sql/columns.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import type { TerminalIdentity } from '../store/terminal-store.js';

/** The newest ruleset version published, or undefined when none is. */
export async function newestRulesetVersion(db: SqlExecutor): Promise<number | undefined> {
  const v = (await db.query(`SELECT max(version) AS v FROM rulesets`))[0]?.v;
  return v === null || v === undefined ? undefined : intColumn(v);
}

/**
 * A short opaque token that changes whenever one of `terminal`'s holds or allowances is
 * placed, captured or closed (voided, released, expired by the sweep), or its store's or the
 * programme's redemption policy is set: what the till tidies when told (`tidyHolds`).
 * Reads the terminal's holds by the `holds_by_terminal` index.
 */
export async function holdsToken(db: SqlExecutor, terminal: TerminalIdentity): Promise<string> {
  const row = (
    await db.query(
      `SELECT count(*)::text AS n,
              count(*) FILTER (WHERE state = 'open')::text AS open,
              coalesce(sum(captured), 0)::text AS captured,
              coalesce(max(closed_at)::text, '') AS closed,
              (SELECT coalesce(max(updated_at)::text, '') FROM redemption_policies WHERE scope IN ('program', $2)) AS policy
         FROM holds
        WHERE terminal_id = $1 AND store_id = $3`,
      [terminal.terminalId, `store:${terminal.storeId}`, terminal.storeId],
    )
  )[0]!;
  const text = [row.n, row.open, row.captured, row.closed, row.policy].map(String).join('|');
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** Whether `terminal`'s key is still live (a stream of a revoked key is ended at its next read). */
export async function terminalStillLive(db: SqlExecutor, terminal: TerminalIdentity): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM terminals WHERE terminal_id = $1 AND store_id = $2 AND revoked_at IS NULL`, [terminal.terminalId, terminal.storeId]);
  return rows.length > 0;
}

import { ERROR_CODES } from '../errors/error-codes.js';
import { isTillpointsError } from '../errors/tillpoints-error.js';
import { balanceView } from '../store/balance-view.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { Emitter, TerminalEvents } from '../terminal/events.js';
import { applyPull } from './apply-pull.js';
import type { LedgerClient } from './ledger-client.js';
import { pullScope } from './pull-scope.js';

const PULL_CURSOR = 'pullCursor';
// Pages of one pull round: a ledger that always says `hasMore` must not hold the round forever.
const MAX_PULL_PAGES = 1000;

/** What pulling needs from the sync loop. */
export interface PullContext {
  readonly db: TerminalDatabase;
  readonly client: LedgerClient;
  readonly events: Emitter<TerminalEvents>;
  readonly staleAfterMs: number;
  readonly now: () => number;
}

/** What one pull phase did. */
export interface PullOutcome {
  /** Members whose confirmed balance moved. */
  readonly pulled: number;
  /** When the pull ended with nothing more to pull, or null when it stopped short (page bound). */
  readonly completeAt: number | null;
}

/**
 * The pull phase of a round: pulls the balances changed elsewhere for the members this till
 * holds (`pullScope`), page by page from the stored cursor, stores them (`applyPull`, which
 * keeps a lost answer from being counted twice) and tells the UI (`balance` events).
 */
export async function pullChanges(c: PullContext): Promise<PullOutcome> {
  let cursor = ((await c.db.meta.get(PULL_CURSOR))?.value as string | undefined) ?? null;
  const scope = await pullScope(c.db);
  if (scope.length === 0) return { pulled: 0, completeAt: c.now() };
  let pulled = 0;
  let restarted = false;
  for (let page = 0; page < MAX_PULL_PAGES; page++) {
    let answer;
    try {
      answer = await c.client.pull(cursor, scope);
    } catch (error) {
      // A cursor the ledger does not know (corrupted here, or a ledger restored from a
      // backup) would fail every round: start again from null, once, for the members
      // this till holds. Pulled balances only replace older versions, so nothing regresses.
      const unknownCursor = isTillpointsError(error, ERROR_CODES.ledgerRefused) && error.details?.ledgerCode === 'invalid_cursor';
      if (!unknownCursor || cursor === null || restarted) throw error;
      await c.db.meta.delete(PULL_CURSOR);
      cursor = null;
      restarted = true;
      continue;
    }
    const now = c.now();
    const moved = await applyPull(c.db, answer.changes, answer.cursor, now);
    for (const m of moved) c.events.emit('balance', balanceView(m, now, c.staleAfterMs, now));
    pulled += moved.length;
    cursor = answer.cursor;
    if (!answer.hasMore) return { pulled, completeAt: now };
  }
  // The cursor is stored page by page: the next round goes on from here.
  return { pulled, completeAt: null };
}

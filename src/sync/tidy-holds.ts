import { ERROR_CODES } from '../errors/error-codes.js';
import { isTillpointsError } from '../errors/tillpoints-error.js';
import { saveCachedPolicy } from '../store/policy-cache.js';
import type { HoldRecord } from '../store/hold-record.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { LedgerClient } from './ledger-client.js';
import { putHold, storeHoldAnswer } from './own-holds.js';

/** A hold still `placing` this long after it was made lost its answer (or the till crashed): void it. */
export const PLACING_GIVEN_UP_MS = 60_000;
// Most voids one round sends: the rest wait for the next round.
const MAX_VOIDS_PER_ROUND = 200;

/** What tidying the holds needs. */
export interface HoldTidyContext {
  readonly db: TerminalDatabase;
  readonly client: LedgerClient;
  readonly now: () => number;
}

/**
 * The holds part of a sync round, after the push and pull:
 * 1. fetches the store's redemption policy and caches it (`legacy` for a ledger older than holds);
 * 2. sends the voids this till owes: holds given up while offline, whose answer was lost, or
 *    whose local write failed (the ledger's expiry would release them anyway);
 * 3. gives back allowances past their use-by time with nothing queued on them.
 * A network failure ends the round's tidying (the next round goes on); a ledger that says a
 * hold is closed or unknown closes it here too.
 */
export async function tidyHolds(c: HoldTidyContext): Promise<void> {
  const { db, client, now } = c;
  const answer = await client.policy();
  await saveCachedPolicy(db, answer ? { kind: 'policy', policy: answer.policy, fetchedAt: now() } : { kind: 'legacy', fetchedAt: now() });
  if (!answer) return;

  const owed = (await db.holds.where('state').anyOf('void_pending', 'placing').toArray())
    .filter((h) => h.state === 'void_pending' || h.createdAt < now() - PLACING_GIVEN_UP_MS)
    .slice(0, MAX_VOIDS_PER_ROUND);
  for (const hold of owed) {
    try {
      await storeHoldAnswer(db, await client.voidHold(hold.holdId, hold.memberId), now());
    } catch (error) {
      const code = isTillpointsError(error, ERROR_CODES.ledgerRefused) ? (error.details?.ledgerCode as string | undefined) : undefined;
      if (code !== 'hold_not_found' && code !== 'hold_closed') throw error;
      await close(db, hold, now());
    }
  }

  const spent = (await db.holds.where('state').equals('open').toArray()).filter((h) => h.kind === 'allowance' && h.useBy <= now() && h.queued === 0);
  if (spent.length === 0) return;
  const released = await client.releaseAllowances(spent.slice(0, MAX_VOIDS_PER_ROUND).map((h) => h.holdId));
  for (const { allowance, balance } of released.allowances) {
    await storeHoldAnswer(db, { hold: allowance, balance, ledgerTime: released.ledgerTime }, now());
  }
}

async function close(db: TerminalDatabase, hold: HoldRecord, now: number): Promise<void> {
  await db.transaction('rw', ['holds', 'members'], async (tx) => {
    await putHold(tx, { ...hold, state: 'voided', remaining: 0, updatedAt: now });
  });
}

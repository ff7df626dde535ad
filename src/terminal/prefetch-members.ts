import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import { MAX_PULL_MEMBERS, idSchema, type MemberChangeV1 } from '../protocol/index.js';
import { withPendingEarn } from '../store/pending-earn.js';
import type { MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { LedgerClient } from '../sync/ledger-client.js';
import { takeLedgerBalance } from '../sync/take-ledger-balance.js';

// Pages of one chunk's pull: a ledger that always says `hasMore` must not hold the call forever.
const MAX_PAGES = 100;

/** `terminal.prefetch()`'s answer: the ids the ledger knows (now cached here), and the ones it does not. */
export interface Prefetched {
  readonly found: string[];
  readonly missing: string[];
}

/** Checks `prefetch`'s arguments: `memberIds`, a non-empty array of member ids (duplicates are asked once). */
export function parsePrefetchArgs(args: unknown): string[] {
  const ids = (args as { memberIds?: unknown } | null | undefined)?.memberIds;
  if (!Array.isArray(ids) || ids.length === 0) {
    throw new TillpointsError(ERROR_CODES.invalidArgument, 'invalid prefetch: memberIds must be a non-empty array of member ids');
  }
  const bad = ids.findIndex((id) => !idSchema.safeParse(id).success);
  if (bad >= 0) throw new TillpointsError(ERROR_CODES.invalidArgument, `invalid prefetch: memberIds.${bad} is not a member id`);
  return [...new Set(ids as string[])];
}

/**
 * Warms the cache with many members at once: the ledger's pull (from the beginning, so every
 * named member it knows answers) with `memberIds`, up to `MAX_PULL_MEMBERS` per request, and
 * no new endpoint. The till's pull cursor is not touched. A pull change carries the balance
 * and what the earning rules know (tier, visits...), not the profile (name, card, phone):
 * a member the till did not hold is cached with those unknown until a lookup fills them.
 * Members it held take the ledger's balance as a pull gives it (`takeLedgerBalance`: this
 * till's unanswered intents are never counted twice). Throws the network's or ledger's error;
 * chunks stored before it stay stored.
 */
export async function prefetchMembers(
  c: { readonly db: TerminalDatabase; readonly client: LedgerClient; readonly now: () => number },
  memberIds: readonly string[],
): Promise<Prefetched & { readonly members: MemberRecord[] }> {
  const found = new Set<string>();
  const members: MemberRecord[] = [];
  for (let at = 0; at < memberIds.length; at += MAX_PULL_MEMBERS) {
    const chunk = memberIds.slice(at, at + MAX_PULL_MEMBERS);
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await c.client.pull(cursor, chunk, MAX_PULL_MEMBERS);
      members.push(...(await storeChanges(c.db, answer.changes, c.now())));
      for (const change of answer.changes) found.add(change.memberId);
      cursor = answer.cursor;
      if (!answer.hasMore) break;
    }
  }
  return { found: memberIds.filter((id) => found.has(id)), missing: memberIds.filter((id) => !found.has(id)), members };
}

async function storeChanges(db: TerminalDatabase, changes: readonly MemberChangeV1[], now: number): Promise<MemberRecord[]> {
  return db.transaction('rw', ['members', 'intents', 'meta'], async (tx) => {
    const stored: MemberRecord[] = [];
    const held = await tx.members.bulkGet(changes.map((change) => change.memberId));
    const ledgerEarn = new Map(changes.flatMap((change) => (change.earn ? [[change.memberId, change.earn] as const] : [])));
    const earn = await withPendingEarn(tx, ledgerEarn);
    for (const [i, change] of changes.entries()) {
      const base: MemberRecord = held[i] ?? {
        memberId: change.memberId, tier: change.earn?.tier ?? 'base', confirmed: 0, held: 0, version: -1, asOf: null, pendingCredit: 0, pendingDebit: 0, usedAt: now,
      };
      // Used now: the pull rounds keep it fresh from here on.
      const taken = await takeLedgerBalance(tx, { ...base, usedAt: now }, change, now);
      let next = taken.member;
      const state = earn.get(change.memberId);
      if (change.earn && state && taken.decision.rulesMayMove) next = { ...next, tier: change.earn.tier, earnState: state };
      await tx.members.put(next);
      stored.push(next);
    }
    return stored;
  });
}

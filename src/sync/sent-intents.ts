import { MAX_KEY, MIN_KEY } from '../store/idb/keys.js';
import type { IntentRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';

const MAX_SENT_SEQ = 'maxSentSeq';

/** A batch marked sent, and how far sending had reached once it was marked. */
export interface MarkedBatch {
  /** The intents of the batch still pending, marked sent: the ones to send. */
  readonly intents: IntentRecord[];
  /**
   * The highest seq ever marked sent, this batch included: the ledger's answer to this batch
   * can hold no intent above it (see `settleResults`).
   */
  readonly sentThrough: number;
}

/**
 * Marks a batch as sent before its request leaves: from now on the ledger's balances may
 * include it. Reads each intent afresh and keeps only those still pending (a part of a
 * batch settled or quarantined since it was read is not sent again), and records the
 * highest seq ever sent. That one record is the mark: intents leave in seq order, so a
 * pending intent at or below it was sent (or is a quarantined one staff put back, which
 * is then counted as sent until it settles: the safe side), and the intents themselves are
 * not written again until they settle (earlier SDKs also stamped `sentAt` on each).
 */
export async function markSent(db: TerminalDatabase, batch: readonly IntentRecord[]): Promise<MarkedBatch> {
  if (batch.length === 0) return { intents: [], sentThrough: 0 };
  return db.transaction('rw', ['intents', 'meta'], async (tx) => {
    const current = await tx.intents.bulkGet(batch.map((i) => i.seq!));
    const known = ((await tx.meta.get(MAX_SENT_SEQ))?.value as number | undefined) ?? 0;
    const marked = current.filter((i): i is IntentRecord => i?.state === 'pending');
    if (marked.length === 0) return { intents: [], sentThrough: known };
    const highest = Math.max(...marked.map((i) => i.seq!));
    if (highest > known) await tx.meta.put({ key: MAX_SENT_SEQ, value: highest });
    return { intents: marked, sentThrough: Math.max(highest, known) };
  });
}

/**
 * Whether a member has intents that were sent and are still unanswered, with seq above
 * `afterSeq`. Such a member's ledger balance may already include them; call inside a
 * transaction over `intents` and `meta`.
 */
export async function hasUnsettledSent(db: TerminalDatabase, memberId: string, afterSeq = 0): Promise<boolean> {
  const maxSent = ((await db.meta.get(MAX_SENT_SEQ))?.value as number | undefined) ?? 0;
  if (maxSent <= afterSeq) return false;
  // This member's pending rows (the member+state index), not every pending row of the till.
  const found = await db.intents
    .where('[memberId+state]')
    .equals([memberId, 'pending'])
    .filter((i) => i.seq! > afterSeq && i.seq! <= maxSent)
    .first();
  return found !== undefined;
}

/**
 * The members with intents sent and still unanswered, with seq above `afterSeq` (and at most
 * `upTo` when given): the same question as {@link hasUnsettledSent}, for every member at once,
 * in ONE index range read (`[state+seq]` from `afterSeq` to the highest seq sent). Intents leave
 * in seq order, so the range holds the push in flight and any batch whose answer was lost, not
 * the whole queue. For settling a batch and applying a pull page, which would otherwise open
 * one cursor per member. Call inside a transaction over `intents` and `meta`.
 */
export async function unansweredSentMembers(db: TerminalDatabase, afterSeq = 0, upTo = Number.MAX_SAFE_INTEGER): Promise<Set<string>> {
  if (upTo <= afterSeq) return new Set();
  const maxSent = Math.min(upTo, ((await db.meta.get(MAX_SENT_SEQ))?.value as number | undefined) ?? 0);
  if (maxSent <= afterSeq) return new Set();
  const rows = await db.intents.where('[state+seq]').between(['pending', afterSeq], ['pending', maxSent], false, true).toArray();
  return new Set(rows.map((i) => i.memberId));
}

/**
 * The settled intents whose retention ended before `cutoff`. Pending and quarantined
 * intents are never among them, however old: only a ledger's answer or staff's void ends
 * an intent.
 */
export async function expiredSettled(db: TerminalDatabase, cutoff: number): Promise<number[]> {
  const expired: number[] = [];
  for (const state of ['confirmed', 'rejected'] as const) {
    // Intents mostly settle in seq order, so the walk stops at the first one still
    // retained (one settled late, after a retry from quarantine, is kept a little longer).
    const rows = await db.intents
      .where('[state+seq]')
      .between([state, MIN_KEY], [state, MAX_KEY])
      .until((i) => (i.settledAt ?? 0) >= cutoff)
      .toArray();
    for (const i of rows) if (state === 'confirmed' || i.acknowledged === true) expired.push(i.seq!);
  }
  // Voids are rare and not in seq order: all of them are read.
  const voided = await db.intents.where('[state+seq]').between(['voided', MIN_KEY], ['voided', MAX_KEY]).toArray();
  for (const i of voided) if ((i.settledAt ?? 0) < cutoff) expired.push(i.seq!);
  return expired;
}

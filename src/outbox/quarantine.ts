import { MAX_KEY, MIN_KEY } from '../store/idb/keys.js';
import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import type { IntentRecord, MemberRecord, QuarantineFault } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import { withoutPin } from '../store/without-pin.js';
import { releasePendingEffect } from './release-intent.js';
import { settleHoldUse } from './release-hold-use.js';

/**
 * Takes a pending intent out of the queue as broken. Its pending effect stays in the
 * member's provisional balance (the cashier showed those points; staff decide). Returns
 * the quarantined record, or undefined when the intent is no longer pending (another tab
 * settled it): nothing is changed twice.
 */
export async function quarantineIntent(db: TerminalDatabase, seq: number, fault: QuarantineFault): Promise<IntentRecord | undefined> {
  return db.transaction('rw', ['intents'], async (tx) => {
    const current = await tx.intents.get(seq);
    if (!current || current.state !== 'pending') return undefined;
    const next: IntentRecord = { ...current, state: 'quarantined', quarantine: fault };
    await tx.intents.put(next);
    return next;
  });
}

/** The quarantined intents, oldest first. */
export function quarantinedIntents(db: TerminalDatabase) {
  return db.intents.where('[state+seq]').between(['quarantined', MIN_KEY], ['quarantined', MAX_KEY]);
}

async function findQuarantined(db: TerminalDatabase, intentId: string): Promise<IntentRecord> {
  const current = await db.intents.where('intentId').equals(intentId).first();
  if (!current) throw new TillpointsError(ERROR_CODES.intentNotFound, `intent ${intentId} is not in this till's records`);
  if (current.state !== 'quarantined') {
    throw new TillpointsError(ERROR_CODES.notQuarantined, `intent ${intentId} is ${current.state}, not quarantined`, { details: { state: current.state } });
  }
  return current;
}

/**
 * Puts a quarantined intent back in the queue, unchanged: same id, same seq, same content,
 * so the ledger sees exactly what it would have (and answers `duplicate` if it ever applied
 * it). Its seq is older than intents sent since; batches stay in increasing seq order and
 * the ledger accepts an older seq after newer ones (it keeps the highest, it does not
 * require the next). Throws `intent_not_found` or `not_quarantined`, changing nothing.
 */
export async function requeueQuarantined(db: TerminalDatabase, intentId: string): Promise<IntentRecord> {
  return db.transaction('rw', ['intents'], async (tx) => {
    const { quarantine: _fault, ...current } = await findQuarantined(tx, intentId);
    const next: IntentRecord = { ...current, state: 'pending' };
    await tx.intents.put(next);
    return next;
  });
}

/**
 * Settles a quarantined intent locally as voided, for `reason`: in ONE transaction its
 * pending effect leaves the member's provisional balance (a return gives back what it had
 * taken of its original) and it is marked never to be sent again, losing any manager PIN. Throws
 * `intent_not_found` or `not_quarantined`, changing nothing.
 */
export async function voidQuarantined(
  db: TerminalDatabase,
  intentId: string,
  reason: string,
  now: number,
): Promise<{ intent: IntentRecord; member: MemberRecord | undefined }> {
  return db.transaction('rw', ['members', 'intents', 'holds'], async (tx) => {
    const current = await findQuarantined(tx, intentId);
    const intent: IntentRecord = { ...withoutPin(current), state: 'voided', settledAt: now, voided: { reason, at: now } };
    await tx.intents.put(intent);
    const stored = await tx.members.get(current.memberId);
    const released = stored && (await releasePendingEffect(tx, current, stored, false));
    // A voided redemption no longer captures its hold (given back at the next round) or allowance.
    const member = released && (await settleHoldUse(tx, current, false, undefined, released, now));
    if (member) await tx.members.put(member);
    return { intent, member };
  });
}

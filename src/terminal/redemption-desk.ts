import { MAX_KEY, MIN_KEY } from '../store/idb/keys.js';
import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError, isTillpointsError } from '../errors/tillpoints-error.js';
import type { RedemptionGrant } from '../outbox/write-redemption.js';
import { OFFLINE_LIMIT_WINDOW_MS, decideOfflineRedemption } from '../policy/offline-redemption.js';
import type { ManagerApprovalV1 } from '../protocol/index.js';
import { provisionalOf } from '../store/balance-view.js';
import type { HoldRecord } from '../store/hold-record.js';
import { loadCachedPolicy, saveCachedPolicy } from '../store/policy-cache.js';
import type { MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import { isOlderLedger, type LedgerClient } from '../sync/ledger-client.js';
import { putHold, storeHoldAnswer, type HoldAnswer } from '../sync/own-holds.js';

/** What the redemption path needs from the terminal. */
export interface RedemptionDesk {
  readonly db: TerminalDatabase;
  readonly client: LedgerClient;
  readonly now: () => number;
  /** How long the till waits for the ledger to place a hold before it decides offline. */
  readonly holdDeadlineMs: number;
  /** Makes a hold id (a ULID, like intent ids). */
  readonly newId: () => string;
  /** When (till clock, ms) the ledger last confirmed the member's balance (a complete pull confirms it too); null if never. */
  readonly balanceAsOf: (member: MemberRecord) => number | null;
  /** Asks the ledger for the member's balance in the background (the ledger said the cached one is wrong). */
  readonly refresh?: (memberId: string) => void;
}

/** A redemption asked for at the counter. */
export interface RedemptionAsk {
  readonly memberId: string;
  readonly points: number;
  readonly billId?: string | undefined;
  /** A manager's approval to redeem offline beyond the policy (basis `override`). */
  readonly approval?: ManagerApprovalV1 | undefined;
}

/** Throws `member_not_found` unless this till has cached the member. */
export async function knownMember(db: TerminalDatabase, memberId: string): Promise<MemberRecord> {
  const member = await db.members.get(memberId);
  if (!member) throw new TillpointsError(ERROR_CODES.memberNotFound, `member ${memberId} is not in this till's cache: look them up first`);
  return member;
}

/** Whether an error means the ledger did not answer (in time), rather than answered. */
const unanswered = (error: unknown) => isTillpointsError(error, ERROR_CODES.network) || isTillpointsError(error, ERROR_CODES.ledgerUnavailable);

async function setHoldState(db: TerminalDatabase, holdId: string, state: HoldRecord['state'], now: number): Promise<void> {
  await db.transaction('rw', ['holds', 'members'], async (tx) => {
    const hold = await tx.holds.get(holdId);
    if (hold) await putHold(tx, { ...hold, state, updatedAt: now });
  });
}

/**
 * Places a hold at the ledger for `ask`, with the till's id written down first (so a lost
 * answer or a crash leaves a record the next sync round voids). Answers the ledger's answer,
 * `'older'` for a ledger older than holds, or `'unanswered'`; throws `insufficient_points`
 * (nothing held, nothing written) and any other refusal or broken answer.
 */
export async function placeHold(desk: RedemptionDesk, ask: RedemptionAsk): Promise<HoldAnswer | 'older' | 'unanswered'> {
  try {
    return await placeHoldOnce(desk, ask);
  } catch (error) {
    // This till's own allowance may hold the points: give it back (if nothing is queued on it) and ask once more.
    if (!isTillpointsError(error, ERROR_CODES.insufficientPoints)) throw error;
    if (!(await releaseOwnAllowances(desk, ask.memberId))) {
      desk.refresh?.(ask.memberId);
      throw error;
    }
    return placeHoldOnce(desk, ask).catch((again: unknown) => {
      if (isTillpointsError(again, ERROR_CODES.insufficientPoints)) desk.refresh?.(ask.memberId);
      throw again;
    });
  }
}

async function releaseOwnAllowances(desk: RedemptionDesk, memberId: string): Promise<boolean> {
  const { db, now } = desk;
  const idle = (await db.holds.where('memberId').equals(memberId).toArray()).filter((h) => h.kind === 'allowance' && h.state === 'open' && h.queued === 0);
  if (idle.length === 0) return false;
  try {
    const released = await desk.client.releaseAllowances(idle.map((h) => h.holdId));
    for (const { allowance, balance } of released.allowances) await storeHoldAnswer(db, { hold: allowance, balance, ledgerTime: released.ledgerTime }, now());
    return true;
  } catch {
    return false;
  }
}

async function placeHoldOnce(desk: RedemptionDesk, ask: RedemptionAsk): Promise<HoldAnswer | 'older' | 'unanswered'> {
  const { db, now } = desk;
  const holdId = desk.newId();
  const at = now();
  await db.holds.add({
    holdId, kind: 'hold', memberId: ask.memberId, points: ask.points, remaining: 0, expiresAt: null, useBy: at, placedAtVersion: -1,
    state: 'placing', queued: 0, ...(ask.billId ? { billId: ask.billId } : {}), createdAt: at, updatedAt: at,
  });
  try {
    return await desk.client.placeHold({ holdId, memberId: ask.memberId, points: ask.points, ...(ask.billId ? { billId: ask.billId } : {}) }, desk.holdDeadlineMs);
  } catch (error) {
    if (unanswered(error)) {
      // The ledger may have placed it: give it back at the next sync round.
      await setHoldState(db, holdId, 'void_pending', now());
      return 'unanswered';
    }
    if (isOlderLedger(error)) {
      await db.holds.delete(holdId);
      await saveCachedPolicy(db, { kind: 'legacy', fetchedAt: now() });
      return 'older';
    }
    if (isTillpointsError(error, ERROR_CODES.ledgerRefused) && error.details?.ledgerCode === 'insufficient_points') {
      await db.holds.delete(holdId);
      throw new TillpointsError(ERROR_CODES.insufficientPoints, `the ledger holds fewer than ${ask.points} available points for member ${ask.memberId}`, {
        cause: error, details: { requested: ask.points },
      });
    }
    // A refusal placed nothing; a broken answer may hide a placed hold: void it to be sure.
    if (isTillpointsError(error, ERROR_CODES.protocolViolation)) await setHoldState(db, holdId, 'void_pending', now());
    else await db.holds.delete(holdId);
    throw error;
  }
}

/** Voids a hold now when the ledger answers, else leaves it for the next sync round (`void_pending`). */
export async function voidOwnHold(desk: RedemptionDesk, holdId: string): Promise<void> {
  await setHoldState(desk.db, holdId, 'void_pending', desk.now());
  try {
    const answer = await desk.client.voidHold(holdId);
    await storeHoldAnswer(desk.db, answer, desk.now());
  } catch {
    // Offline or refused: the sync round tries again, and the ledger's expiry releases it anyway.
  }
}

/**
 * Decides what a redemption relies on, before anything is written: a hold placed now at the
 * ledger (waiting at most `holdDeadlineMs`), else the store's cached offline policy (see
 * `decideOfflineRedemption`), else, for a ledger older than holds, nothing (as before).
 * Throws `member_not_found` for a member this till has never seen, `insufficient_points` when
 * the ledger says so, and the policy's typed refusals; nothing is written then.
 */
export async function grantRedemption(desk: RedemptionDesk, ask: RedemptionAsk): Promise<RedemptionGrant> {
  const { db, now } = desk;
  await knownMember(db, ask.memberId);
  const cached = await loadCachedPolicy(db);
  if (cached?.kind === 'legacy') return { fields: {} };
  // Points the ledger already holds for this till need no round trip: spend the allowance.
  const allowance = await coveringAllowance(db, ask, now());
  if (allowance && !ask.approval) {
    return { fields: { basis: 'allowance', holdId: allowance }, apply: (tx, m, points) => useAllowance(tx, allowance, m, points, now()) };
  }
  const placed = await placeHold(desk, ask);
  if (placed === 'older') return { fields: {} };
  if (placed !== 'unanswered') {
    return {
      fields: { basis: 'hold', holdId: placed.hold.holdId },
      apply: async (tx) => (await storeHoldAnswer(tx, placed, now(), { state: 'capturing', queued: ask.points })).member,
      undo: () => voidOwnHold(desk, placed.hold.holdId),
    };
  }
  return offlineGrant(desk, ask, cached?.kind === 'policy' ? cached.policy : null);
}

async function offlineGrant(desk: RedemptionDesk, ask: RedemptionAsk, policy: Parameters<typeof decideOfflineRedemption>[0]['policy']): Promise<RedemptionGrant> {
  const { db } = desk;
  const at = desk.now();
  const member = await knownMember(db, ask.memberId);
  const allowances = (await db.holds.where('memberId').equals(ask.memberId).toArray()).filter((h) => h.kind === 'allowance' && h.state === 'open');
  const spent = await limitSpent(db, ask.memberId, at);
  const decision = decideOfflineRedemption({
    policy, points: ask.points, now: at, provisional: provisionalOf(member), balanceAsOf: member.version >= 0 ? desk.balanceAsOf(member) : null,
    allowances: allowances.map((a) => ({ holdId: a.holdId, usable: a.remaining - a.queued, useBy: a.useBy })),
    memberLimitSpent: spent.member, tillLimitSpent: spent.till, override: ask.approval !== undefined,
  });
  if (!decision.ok) throw new TillpointsError(decision.code, decision.message, { details: decision.details });
  if (decision.basis === 'allowance') {
    return { fields: { basis: 'allowance', holdId: decision.holdId }, apply: (tx, m, points) => useAllowance(tx, decision.holdId, m, points, desk.now()) };
  }
  return {
    fields: {
      basis: decision.basis, balanceAsOf: new Date(decision.balanceAsOf).toISOString(),
      ...(decision.basis === 'override' && ask.approval ? { approval: ask.approval } : {}),
    },
  };
}

async function coveringAllowance(db: TerminalDatabase, ask: RedemptionAsk, now: number): Promise<string | undefined> {
  const holds = await db.holds.where('memberId').equals(ask.memberId).toArray();
  return holds.find((h) => h.kind === 'allowance' && h.state === 'open' && h.useBy > now && h.remaining - h.queued >= ask.points)?.holdId;
}

// Inside the write's transaction: another tab may have used the allowance since the decision.
async function useAllowance(db: TerminalDatabase, holdId: string, member: MemberRecord, points: number, now: number): Promise<MemberRecord> {
  const a = await db.holds.get(holdId);
  const usable = a && a.state === 'open' && a.useBy > now ? a.remaining - a.queued : 0;
  if (!a || usable < points) {
    throw new TillpointsError(ERROR_CODES.allowanceUnavailable, `the member's allowance at this till covers ${usable} points, ${points} asked for`, {
      details: { reason: 'exceeded', usable, requested: points },
    });
  }
  return (await putHold(db, { ...a, queued: a.queued + points, updatedAt: now }, member))!;
}

/**
 * Inside the write's transaction: a checkout captures a hold placed earlier with
 * `holdPoints` (possibly for less). Throws `hold_not_found` or `hold_exceeded`.
 */
export async function useHeldHold(db: TerminalDatabase, holdId: string, member: MemberRecord, points: number, now: number): Promise<MemberRecord> {
  const h = await db.holds.get(holdId);
  if (!h || h.kind !== 'hold' || h.state !== 'open' || h.memberId !== member.memberId) {
    throw new TillpointsError(ERROR_CODES.holdNotFound, `no open hold ${holdId} of this till for member ${member.memberId}`);
  }
  if (points > h.remaining) {
    throw new TillpointsError(ERROR_CODES.holdExceeded, `hold ${holdId} holds ${h.remaining} points, ${points} asked for`, {
      details: { held: h.remaining, requested: points },
    });
  }
  return (await putHold(db, { ...h, state: 'capturing', queued: points, updatedAt: now }, member))!;
}

/** Points this till let be spent on basis `limit`, queued or made in the last 24 hours: for the member, and for anyone. */
async function limitSpent(db: TerminalDatabase, memberId: string, now: number): Promise<{ member: number; till: number }> {
  const cutoff = now - OFFLINE_LIMIT_WINDOW_MS;
  const counted = [];
  for (const state of ['pending', 'quarantined'] as const) {
    counted.push(...(await db.intents.where('[state+seq]').between([state, MIN_KEY], [state, MAX_KEY]).filter((i) => i.basis === 'limit').toArray()));
  }
  counted.push(
    ...(await db.intents
      .where('[state+seq]')
      .between(['confirmed', MIN_KEY], ['confirmed', MAX_KEY])
      .reverse()
      .until((i) => i.createdAt < cutoff)
      .filter((i) => i.basis === 'limit' && i.createdAt >= cutoff)
      .toArray()),
  );
  let member = 0;
  let till = 0;
  for (const i of counted) {
    till += i.points;
    if (i.memberId === memberId) member += i.points;
  }
  return { member, till };
}

/**
 * `holdPoints`: places a hold for a bill in progress and stores it (open: its points are as
 * good as spent until the checkout captures it or staff release it). Throws `network` when the
 * ledger does not answer in time, and `ledger_refused` for a ledger older than holds.
 */
export async function holdForBill(desk: RedemptionDesk, ask: RedemptionAsk): Promise<{ hold: HoldRecord; member: MemberRecord }> {
  await knownMember(desk.db, ask.memberId);
  const placed = await placeHold(desk, ask);
  if (placed === 'older') throw new TillpointsError(ERROR_CODES.ledgerRefused, 'this ledger does not hold points (it is older than holds): redeem at checkout');
  if (placed === 'unanswered') throw new TillpointsError(ERROR_CODES.network, 'the ledger did not answer in time: no points are held; redeem at checkout');
  return storeHoldAnswer(desk.db, placed, desk.now(), { state: 'open' });
}

/** `releaseHold`: voids an open hold of this till (now, or at the next round). Throws `hold_not_found`. Answers the member. */
export async function releaseBillHold(desk: RedemptionDesk, holdId: string): Promise<MemberRecord> {
  const hold = typeof holdId === 'string' ? await desk.db.holds.get(holdId) : undefined;
  if (!hold || hold.kind !== 'hold' || hold.state !== 'open') throw new TillpointsError(ERROR_CODES.holdNotFound, `no open hold ${String(holdId)} at this till`);
  await voidOwnHold(desk, holdId);
  return knownMember(desk.db, hold.memberId);
}

import { releasePendingEffect } from '../outbox/release-intent.js';
import { INVALID_INTENT, type PushRejectionReason } from '../policy/rejection-reasons.js';
import type { MemberBalanceV1 } from '../protocol/index.js';
import type { IntentRecord, MemberRecord, StoredOutcome } from '../store/records.js';
import { withoutPin } from '../store/without-pin.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { PushResultRead } from './ledger-client.js';
import { hasUnsettledSent } from './sent-intents.js';
import { settleHoldUse } from '../outbox/release-hold-use.js';

/** What one answered intent became, for events. */
export interface SettledIntent {
  readonly intent: IntentRecord;
  /** `quarantined`: the ledger found it broken (`invalid_intent`), not a business outcome. */
  readonly state: 'confirmed' | 'rejected' | 'quarantined';
  /** A rejection's reason: the protocol's, or a newer ledger's this SDK does not know. */
  readonly reason?: PushRejectionReason;
  readonly message?: string;
}

/** What settling a push changed locally. */
export interface SettleSummary {
  readonly settled: readonly SettledIntent[];
  readonly members: readonly MemberRecord[];
}

/**
 * Takes the ledger's confirmed balance unless it is older than what the till has, or it
 * may already contain intents of this till that were sent but are not settled here yet
 * (their answer was lost): counting those again as pending would show them twice.
 */
export function acceptLedgerBalance(member: MemberRecord, balance: MemberBalanceV1, now: number, unsettledSent: boolean): MemberRecord {
  if (unsettledSent || balance.version <= member.version) return member;
  return { ...member, confirmed: balance.points, held: balance.held, version: balance.version, asOf: now };
}

/**
 * Stores the ledger's outcomes of a pushed batch in ONE IndexedDB transaction: each intent
 * becomes confirmed or rejected with its outcome, leaves the member's pending totals, and
 * the member's confirmed balance moves to the ledger's. An intent the ledger calls
 * `invalid_intent` is quarantined instead: it keeps its pending effect until staff retry
 * or void it, and keeps any manager PIN until then. A confirmed or rejected intent loses its
 * manager PIN in the same transaction. Settling an intent twice (a second tab, a retried round) changes nothing the
 * second time.
 */
export async function settleResults(
  db: TerminalDatabase,
  batch: readonly IntentRecord[],
  results: readonly PushResultRead[],
  now: number,
): Promise<SettleSummary> {
  return db.transaction('rw', [db.members, db.intents, db.meta, db.holds], async () => {
    const settled: SettledIntent[] = [];
    const stored = await db.intents.bulkGet(batch.map((i) => i.seq!));
    const memberIds = [...new Set(batch.map((i) => i.memberId))];
    const members = new Map<string, MemberRecord>();
    (await db.members.bulkGet(memberIds)).forEach((m) => m && members.set(m.memberId, m));
    const latest = new Map<string, MemberBalanceV1>();
    const writes: IntentRecord[] = [];
    for (let i = 0; i < batch.length; i++) {
      const current = stored[i];
      const member = current && members.get(current.memberId);
      // Already settled (another tab, a retried round) or gone: nothing to do twice.
      if (!current || current.state !== 'pending' || !member) continue;
      const result = results[i]!;
      const outcome = result.outcome === 'duplicate' ? result.original : result;
      if (outcome.balance && outcome.balance.version > (latest.get(current.memberId)?.version ?? -1)) {
        latest.set(current.memberId, outcome.balance);
      }
      if (outcome.outcome === 'rejected' && outcome.reason === INVALID_INTENT) {
        const intent: IntentRecord = {
          ...current, state: 'quarantined', quarantine: { code: INVALID_INTENT, message: outcome.message, source: 'ledger', at: now },
        };
        writes.push(intent);
        settled.push({ intent, state: 'quarantined', message: outcome.message });
        continue;
      }
      const state = outcome.outcome === 'applied' ? 'confirmed' : 'rejected';
      const review = outcome.outcome === 'applied' ? outcome.earn : undefined;
      const intent: IntentRecord = {
        // Settled: it is never sent again, so its manager PIN goes with this write.
        ...withoutPin(current), state, outcome: outcome as StoredOutcome, settledAt: now,
        ...(state === 'rejected' ? { acknowledged: false } : {}),
        // What the ledger applied is what a later return works from.
        ...(review ? { appliedPoints: review.outcome === 'recomputed' ? review.ledgerPoints : current.points, appliedLines: review.lines } : {}),
      };
      writes.push(intent);
      const released = releasePendingEffect(db, current, member, state === 'confirmed');
      let after = released instanceof Promise ? await released : released;
      if (current.holdId) after = await settleHoldUse(db, current, state === 'confirmed', outcome.outcome === 'rejected' ? outcome.reason : undefined, after, now);
      members.set(current.memberId, after);
      settled.push({
        intent,
        state,
        ...(outcome.outcome === 'rejected' ? { reason: outcome.reason, message: outcome.message } : {}),
      });
    }
    await db.intents.bulkPut(writes);
    const lastSeq = Math.max(0, ...batch.map((i) => i.seq!));
    const touched: MemberRecord[] = [];
    for (const memberId of new Set(writes.map((w) => w.memberId))) {
      const member = members.get(memberId)!;
      const balance = latest.get(memberId);
      touched.push(balance ? acceptLedgerBalance(member, balance, now, await hasUnsettledSent(db, memberId, lastSeq)) : member);
    }
    await db.members.bulkPut(touched);
    return { settled, members: touched };
  });
}

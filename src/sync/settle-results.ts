import { releasePendingEffect } from '../outbox/release-intent.js';
import { INVALID_INTENT, type PushRejectionReason } from '../policy/rejection-reasons.js';
import type { MemberBalanceV1 } from '../protocol/index.js';
import { unknownMember } from '../store/balance-view.js';
import type { IntentRecord, MemberRecord, StoredOutcome } from '../store/records.js';
import { withoutPin } from '../store/without-pin.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { PushResultRead } from './ledger-client.js';
import { unansweredSentMembers } from './sent-intents.js';
import { takeWithKnown } from './take-ledger-balance.js';
import type { AppliedAnswer } from '../policy/count-once.js';
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

/** A member id this till made at an enrolment, merged by the ledger into a member who already held the phone or card. */
export interface MemberMerge {
  readonly from: string;
  readonly into: string;
}

/** What settling a push changed locally. */
export interface SettleSummary {
  readonly settled: readonly SettledIntent[];
  /** The members whose balance moved (never a merged id: its survivor instead). */
  readonly members: readonly MemberRecord[];
  /** Member ids merged into another member by the answers of this push. */
  readonly merged: readonly MemberMerge[];
}

/**
 * Marks `from` as merged into `into` (its record points at the survivor) and moves its pending
 * totals onto the survivor, whose record is made when this till does not hold it yet: from now
 * on everything `from` had pending is settled against the survivor. Pure over the map.
 */
function mergeLocally(members: Map<string, MemberRecord>, from: string, into: string, now: number): boolean {
  const alias = members.get(from);
  if (!alias || alias.mergedInto !== undefined) return false;
  const survivor = members.get(into) ?? unknownMember(into, now);
  members.set(into, {
    ...survivor,
    // The number staff typed at the enrolment (the ledger shows a till only a masked one), so the survivor is found by it offline.
    ...(survivor.phone === undefined && alias.phone !== undefined ? { phone: alias.phone } : {}),
    pendingCredit: survivor.pendingCredit + alias.pendingCredit,
    pendingDebit: survivor.pendingDebit + alias.pendingDebit,
    usedAt: now,
  });
  // usedAt 0: a pull names it last (the ledger has no changes for a merged id).
  members.set(from, { ...alias, mergedInto: into, pendingCredit: 0, pendingDebit: 0, usedAt: 0 });
  return true;
}

/**
 * Stores the ledger's outcomes of a pushed batch in ONE IndexedDB transaction: each intent
 * becomes confirmed or rejected with its outcome, leaves the member's pending totals, and
 * the member's confirmed balance moves to the ledger's. An intent the ledger calls
 * `invalid_intent` is quarantined instead: it keeps its pending effect until staff retry
 * or void it, and keeps any manager PIN until then. A confirmed or rejected intent loses its
 * manager PIN in the same transaction. Settling an intent twice (a second tab, a retried round) changes nothing the
 * second time.
 *
 * `sentThrough` is the highest seq marked sent when the batch's request left (`markSent`):
 * the answer's balances can hold no intent sent after that, so an intent marked for the next
 * request (which leaves only once this answer is in) does not keep a member's balance from
 * being taken. Intents sent before, and still unanswered, do.
 */
export async function settleResults(
  db: TerminalDatabase,
  batch: readonly IntentRecord[],
  results: readonly PushResultRead[],
  now: number,
  sentThrough: number,
): Promise<SettleSummary> {
  return db.transaction('rw', ['members', 'intents', 'meta', 'holds'], async (tx) => {
    const settled: SettledIntent[] = [];
    const stored = await tx.intents.bulkGet(batch.map((i) => i.seq!));
    const memberIds = [...new Set(batch.map((i) => i.memberId))];
    const members = new Map<string, MemberRecord>();
    (await tx.members.bulkGet(memberIds)).forEach((m) => m && members.set(m.memberId, m));
    // Members enrolled here and merged at the ledger (before, or by this answer): their survivors too.
    const survivors = [
      ...[...members.values()].flatMap((m) => (m.mergedInto !== undefined ? [m.mergedInto] : [])),
      ...results.flatMap((r) => {
        const o = r.outcome === 'duplicate' ? r.original : r;
        return o.mergedInto !== undefined ? [o.mergedInto] : [];
      }),
    ].filter((id) => !members.has(id));
    (await tx.members.bulkGet([...new Set(survivors)])).forEach((m) => m && members.set(m.memberId, m));
    const ownerOf = (id: string) => members.get(id)?.mergedInto ?? id;
    const merged: MemberMerge[] = [];
    const latest = new Map<string, MemberBalanceV1>();
    const applied = new Map<string, AppliedAnswer[]>();
    const writes: IntentRecord[] = [];
    for (let i = 0; i < batch.length; i++) {
      const current = stored[i];
      // Already settled (another tab, a retried round) or gone: nothing to do twice.
      if (!current || current.state !== 'pending' || !members.has(current.memberId)) continue;
      const result = results[i]!;
      const outcome = result.outcome === 'duplicate' ? result.original : result;
      const into = outcome.mergedInto;
      if (into !== undefined && into !== current.memberId && mergeLocally(members, current.memberId, into, now)) {
        merged.push({ from: current.memberId, into });
      }
      // The member whose balance this is: the survivor, for an id merged into another member.
      const owner = ownerOf(current.memberId);
      const member = members.get(owner)!;
      if (outcome.balance && outcome.balance.version > (latest.get(owner)?.version ?? -1)) {
        latest.set(owner, outcome.balance);
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
      const released = releasePendingEffect(tx, current, member, state === 'confirmed');
      let after = released instanceof Promise ? await released : released;
      if (current.holdId) after = await settleHoldUse(tx, current, state === 'confirmed', outcome.outcome === 'rejected' ? outcome.reason : undefined, after, now);
      members.set(owner, after);
      if (state === 'confirmed') {
        applied.set(owner, [...(applied.get(owner) ?? []), { credit: current.credit, debit: current.debit, late: result.outcome === 'duplicate' }]);
      }
      settled.push({
        intent,
        state,
        ...(outcome.outcome === 'rejected' ? { reason: outcome.reason, message: outcome.message } : {}),
      });
    }
    await tx.intents.bulkPut(writes);
    const lastSeq = Math.max(0, ...batch.map((i) => i.seq!));
    const touched: MemberRecord[] = [];
    // One read for the whole batch, after its own intents were settled above.
    const unanswered = await unansweredSentMembers(tx, lastSeq, sentThrough);
    for (const memberId of new Set(writes.map((w) => ownerOf(w.memberId)))) {
      const member = members.get(memberId)!;
      const balance = latest.get(memberId);
      // The survivor's ledger balance may hold unanswered intents sent under a merged id too.
      const aliases = [...members.values()].filter((m) => m.mergedInto === memberId).map((m) => m.memberId);
      const taken = takeWithKnown(member, balance, now, [memberId, ...aliases].some((id) => unanswered.has(id)), applied.get(memberId));
      touched.push(taken.member);
    }
    await tx.members.bulkPut([...touched, ...merged.map((m) => members.get(m.from)!)]);
    return { settled, members: touched, merged };
  });
}

import type { MemberBalanceV1, PushResultV1, RejectionReason } from '../protocol/index.js';
import type { IntentRecord, MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';

/** What one settled intent became, for events. */
export interface SettledIntent {
  readonly intent: IntentRecord;
  readonly state: 'confirmed' | 'rejected';
  readonly reason?: RejectionReason;
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

/** Whether a member has intents that were sent and are still pending, other than `except`. */
export async function hasUnsettledSent(db: TerminalDatabase, memberId: string, except: ReadonlySet<number> = new Set()): Promise<boolean> {
  const found = await db.intents
    .where('memberId')
    .equals(memberId)
    .filter((i) => i.state === 'pending' && i.sentAt !== null && !except.has(i.seq!))
    .first();
  return found !== undefined;
}

/**
 * Stores the ledger's outcomes of a pushed batch in ONE IndexedDB transaction: each intent
 * becomes confirmed or rejected with its outcome, leaves the member's pending totals, and
 * the member's confirmed balance moves to the ledger's. Settling an intent twice (a
 * second tab, a retried round) changes nothing the second time.
 */
export async function settleResults(
  db: TerminalDatabase,
  batch: readonly IntentRecord[],
  results: readonly PushResultV1[],
  now: number,
): Promise<SettleSummary> {
  return db.transaction('rw', db.members, db.intents, async () => {
    const settled: SettledIntent[] = [];
    const members = new Map<string, MemberRecord>();
    const latest = new Map<string, MemberBalanceV1>();
    const batchSeqs = new Set(batch.map((i) => i.seq!));
    for (let i = 0; i < batch.length; i++) {
      const stored = await db.intents.get(batch[i]!.seq!);
      if (!stored || stored.state !== 'pending') continue;
      const result = results[i]!;
      const outcome = result.outcome === 'duplicate' ? result.original : result;
      const member = members.get(stored.memberId) ?? (await db.members.get(stored.memberId));
      if (!member) continue;
      const state = outcome.outcome === 'applied' ? 'confirmed' : 'rejected';
      const intent: IntentRecord = { ...stored, state, outcome, settledAt: now, ...(state === 'rejected' ? { acknowledged: false } : {}) };
      await db.intents.put(intent);
      if (state === 'rejected' && stored.kind === 'reverse' && stored.originalIntentId) {
        const original = await db.intents.where('intentId').equals(stored.originalIntentId).first();
        if (original) await db.intents.update(original.seq!, { reversedPoints: Math.max(0, original.reversedPoints - stored.points) });
      }
      members.set(stored.memberId, {
        ...member,
        pendingCredit: member.pendingCredit - stored.credit,
        pendingDebit: member.pendingDebit - stored.debit,
      });
      if (outcome.balance && outcome.balance.version > (latest.get(stored.memberId)?.version ?? -1)) {
        latest.set(stored.memberId, outcome.balance);
      }
      settled.push({
        intent,
        state,
        ...(outcome.outcome === 'rejected' ? { reason: outcome.reason, message: outcome.message } : {}),
      });
    }
    for (const [memberId, member] of members) {
      const balance = latest.get(memberId);
      const next = balance ? acceptLedgerBalance(member, balance, now, await hasUnsettledSent(db, memberId, batchSeqs)) : member;
      members.set(memberId, next);
      await db.members.put(next);
    }
    return { settled, members: [...members.values()] };
  });
}

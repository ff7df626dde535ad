import { MAX_KEY, MIN_KEY } from '../store/idb/keys.js';
import { quarantineIntent } from '../outbox/quarantine.js';
import { toWireIntent } from '../outbox/to-wire-intent.js';
import { conflictAction } from '../policy/conflict-action.js';
import { INVALID_INTENT } from '../policy/rejection-reasons.js';
import { intentFaultOf } from '../policy/intent-fault.js';
import { intentV1Schema } from '../protocol/index.js';
import { balanceView } from '../store/balance-view.js';
import { quarantinedView } from '../store/quarantined-view.js';
import type { IntentRecord, QuarantineFault } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { Emitter, SyncReport, TerminalEvents } from '../terminal/events.js';
import type { LedgerClient } from './ledger-client.js';
import { markSent } from './sent-intents.js';
import { settleResults } from './settle-results.js';
import type { WireNumbering } from './wire-numbering.js';

/** What pushing needs from the sync engine. */
export interface PushContext {
  readonly db: TerminalDatabase;
  readonly client: LedgerClient;
  readonly terminal: { readonly terminalId: string; readonly storeId: string };
  readonly events: Emitter<TerminalEvents>;
  readonly batchSize: number;
  readonly staleAfterMs: number;
  readonly now: () => number;
  /** When the last complete pull ended, for the balances pushed answers move. */
  readonly pulledAt: () => number | null;
  /** Called whenever the ledger answered a push (the till is online). */
  readonly reached: () => void;
  /** How intents are numbered on the wire (see `ensureWireNumbering`). */
  readonly numbering: WireNumbering;
  /** Fetches and caches a member from the ledger: a survivor of a merge, once the answer names them. */
  readonly refreshMember?: ((memberId: string) => Promise<unknown>) | undefined;
}

/** What one round of pushing did. */
export type PushTally = Pick<SyncReport, 'pushed' | 'confirmed' | 'rejected' | 'quarantined' | 'requests'>;
type Tally = { -readonly [K in keyof PushTally]: number };

// Each batch settles or quarantines at least one intent, or the round throws: a bound
// only against a bug that would make no progress.
const MAX_BATCHES_PER_ROUND = 10_000;

/** The pending intents, oldest first; those with seq above `afterSeq` when given. */
export function pendingIntents(db: TerminalDatabase, afterSeq?: number) {
  return afterSeq === undefined
    ? db.intents.where('[state+seq]').between(['pending', MIN_KEY], ['pending', MAX_KEY])
    : db.intents.where('[state+seq]').between(['pending', afterSeq], ['pending', MAX_KEY], false, true);
}

/**
 * Pushes the pending intents in seq order and in batches, settles the ledger's outcomes
 * and tells the UI. One broken intent never blocks the queue:
 * - an intent this till cannot put on the wire (stored by an older or buggy SDK) is
 *   quarantined before any request;
 * - a batch the ledger refuses as a whole for what it carries (see `intentFaultOf`) is
 *   narrowed down by halves; a batch of one that is refused is quarantined, the rest is
 *   applied in the same round. Every request is marked sent before it leaves, so a lost
 *   answer or a crash mid-way is safe: the next round (or a new terminal on the same
 *   database) starts again from what is still pending, and the ledger answers `duplicate`
 *   for what it already applied;
 * - any other failure (network, 5xx, the key refused, a bad answer) ends the round, as before.
 */
export async function pushPending(c: PushContext): Promise<PushTally> {
  const tally: Tally = { pushed: 0, confirmed: 0, rejected: 0, quarantined: 0, requests: 0 };
  // Each batch ends settled or quarantined (or the push throws), so the next one starts after
  // it: the read skips what this push already sent instead of walking past it every batch.
  let after = 0;
  for (let n = 0; n < MAX_BATCHES_PER_ROUND; n++) {
    const queued = await pendingIntents(c.db, after).limit(c.batchSize).toArray();
    if (queued.length === 0) break;
    after = queued[queued.length - 1]!.seq!;
    const sendable: IntentRecord[] = [];
    for (const intent of queued) {
      const wire = intentV1Schema.safeParse(toWireIntent(intent, c.terminal, c.numbering.seqBase));
      if (wire.success) sendable.push(intent);
      else {
        const issue = wire.error.issues[0];
        const message = `this till cannot send the intent as stored: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`;
        await quarantine(c, intent, { code: INVALID_INTENT, message, source: 'till', at: c.now() }, tally);
      }
    }
    await pushSlice(c, sendable, tally);
    if (queued.length < c.batchSize) break;
  }
  return tally;
}

async function pushSlice(c: PushContext, slice: readonly IntentRecord[], tally: Tally): Promise<void> {
  const batch = await markSent(c.db, slice, c.now());
  if (batch.length === 0) return;
  tally.requests++;
  let results;
  try {
    results = await c.client.push(batch.map((i) => toWireIntent(i, c.terminal, c.numbering.seqBase)), c.numbering.incarnationId);
  } catch (error) {
    const fault = intentFaultOf(error);
    if (!fault) throw error;
    c.reached();
    if (batch.length === 1) {
      await quarantine(c, batch[0]!, { ...fault, source: 'ledger', at: c.now() }, tally);
      return;
    }
    const half = Math.ceil(batch.length / 2);
    await pushSlice(c, batch.slice(0, half), tally);
    await pushSlice(c, batch.slice(half), tally);
    return;
  }
  c.reached();
  const now = c.now();
  const summary = await settleResults(c.db, batch, results, now);
  tally.pushed += batch.length;
  for (const s of summary.settled) {
    const { intentId, kind, memberId } = s.intent;
    if (s.state === 'quarantined') {
      announceQuarantine(c, s.intent, tally);
      continue;
    }
    if (s.state === 'confirmed') tally.confirmed++;
    else tally.rejected++;
    const review = s.intent.outcome?.outcome === 'applied' ? s.intent.outcome.earn : undefined;
    if (review?.outcome === 'recomputed') {
      c.events.emit('adjustment', {
        intentId, memberId, tillPoints: review.tillPoints, ledgerPoints: review.ledgerPoints,
        tillRulesetVersion: review.tillRulesetVersion, rulesetVersion: review.rulesetVersion, reason: review.reason,
      });
    }
    c.events.emit('intent', { intentId, kind, memberId, points: s.intent.points, status: s.state, ...(s.reason ? { reason: s.reason } : {}) });
    if (s.state === 'rejected' && s.reason) {
      c.events.emit('conflict', {
        intentId, kind, memberId, points: s.intent.points, reason: s.reason,
        message: s.message ?? s.reason, action: conflictAction(kind, s.reason),
      });
    }
  }
  for (const m of summary.members) c.events.emit('balance', balanceView(m, now, c.staleAfterMs, c.pulledAt()));
  for (const merge of summary.merged) {
    // The survivor's profile and earn state; on failure the next lookup or pull brings them.
    await c.refreshMember?.(merge.into).catch(() => {});
    c.events.emit('member_merged', merge);
  }
}

async function quarantine(c: PushContext, intent: IntentRecord, fault: QuarantineFault, tally: Tally): Promise<void> {
  const stored = await quarantineIntent(c.db, intent.seq!, fault);
  if (stored) announceQuarantine(c, stored, tally);
}

function announceQuarantine(c: PushContext, intent: IntentRecord, tally: Tally): void {
  tally.quarantined++;
  const { intentId, kind, memberId, points } = intent;
  c.events.emit('intent', { intentId, kind, memberId, points, status: 'quarantined' });
  c.events.emit('quarantine', { change: 'quarantined', intent: quarantinedView(intent) });
}

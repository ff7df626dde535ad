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
import type { LedgerClient, PushResultRead } from './ledger-client.js';
import { markSent, type MarkedBatch } from './sent-intents.js';
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

/** A batch read from the outbox, checked and marked sent: ready to leave. */
interface ReadyBatch {
  /** What is sent (possibly none: every intent read was quarantined here). */
  readonly marked: MarkedBatch;
  /** The last seq read for it: the next batch is read after it. */
  readonly lastRead: number;
  /** Whether the outbox may hold more after it (the read was full). */
  readonly more: boolean;
}

/** A batch the ledger answered, to settle. */
interface AnsweredBatch {
  readonly marked: MarkedBatch;
  readonly results: readonly PushResultRead[];
}

/**
 * Pushes the pending intents in seq order and in batches, settles the ledger's outcomes
 * and tells the UI. One request is in flight at a time, so intents reach the ledger in seq
 * order; while it is, the till settles the previous answer and reads and marks the next
 * batch, so a drain is bound by the slower of the ledger and the till, not by both in turn
 * (the next request leaves only once this answer is in, which `sentThrough` tells the
 * settling of this answer). One broken intent never blocks the queue:
 * - an intent this till cannot put on the wire (stored by an older or buggy SDK) is
 *   quarantined before any request;
 * - a batch the ledger refuses as a whole for what it carries (see `intentFaultOf`) is
 *   narrowed down by halves; a batch of one that is refused is quarantined, the rest is
 *   applied in the same round. Every request is marked sent before it leaves, so a lost
 *   answer or a crash mid-way is safe: the next round (or a new terminal on the same
 *   database) starts again from what is still pending, and the ledger answers `duplicate`
 *   for what it already applied;
 * - any other failure (network, 5xx, the key refused, a bad answer) ends the round, as
 *   before, once the answer already in is settled.
 */
export async function pushPending(c: PushContext): Promise<PushTally> {
  const tally: Tally = { pushed: 0, confirmed: 0, rejected: 0, quarantined: 0, requests: 0 };
  let ready = await takeBatch(c, 0, tally);
  let answered: AnsweredBatch | undefined;
  for (let n = 0; ready !== undefined && n < MAX_BATCHES_PER_ROUND; n++) {
    const batch: ReadyBatch = ready;
    const previous = answered;
    answered = undefined;
    const request = batch.marked.intents.length > 0 ? send(c, batch.marked, tally) : Promise.resolve(undefined);
    const meanwhile = (async () => {
      if (previous) await settleAnswer(c, previous, tally);
      return batch.more ? takeBatch(c, batch.lastRead, tally) : undefined;
    })();
    const [sent, next] = await Promise.allSettled([request, meanwhile]);
    if (next.status === 'rejected') throw next.reason;
    if (sent.status === 'rejected') {
      const fault = intentFaultOf(sent.reason);
      if (!fault) throw sent.reason;
      c.reached();
      await narrow(c, batch.marked.intents, fault, tally);
    } else if (sent.value) {
      c.reached();
      answered = { marked: batch.marked, results: sent.value };
    }
    ready = next.value;
  }
  if (answered) await settleAnswer(c, answered, tally);
  return tally;
}

/**
 * Reads the next batch after `after`, quarantines what this till cannot put on the wire,
 * and marks the rest sent. Undefined when nothing is pending after `after`.
 */
async function takeBatch(c: PushContext, after: number, tally: Tally): Promise<ReadyBatch | undefined> {
  // Each batch ends settled or quarantined (or the push throws), so the next one starts after
  // it: the read skips what this push already sent instead of walking past it every batch.
  const queued = await pendingIntents(c.db, after).limit(c.batchSize).toArray();
  if (queued.length === 0) return undefined;
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
  return { marked: await markSent(c.db, sendable), lastRead: queued[queued.length - 1]!.seq!, more: queued.length === c.batchSize };
}

function send(c: PushContext, marked: MarkedBatch, tally: Tally): Promise<PushResultRead[]> {
  tally.requests++;
  return c.client.push(marked.intents.map((i) => toWireIntent(i, c.terminal, c.numbering.seqBase)), c.numbering.incarnationId);
}

/** A batch refused as a whole for what it carries: its halves go one after the other; a single intent is quarantined. */
async function narrow(c: PushContext, batch: readonly IntentRecord[], fault: NonNullable<ReturnType<typeof intentFaultOf>>, tally: Tally): Promise<void> {
  if (batch.length === 1) {
    await quarantine(c, batch[0]!, { ...fault, source: 'ledger', at: c.now() }, tally);
    return;
  }
  const half = Math.ceil(batch.length / 2);
  await pushSlice(c, batch.slice(0, half), tally);
  await pushSlice(c, batch.slice(half), tally);
}

/** One part of a refused batch, on its own: marked, sent, then settled or narrowed further. */
async function pushSlice(c: PushContext, slice: readonly IntentRecord[], tally: Tally): Promise<void> {
  const marked = await markSent(c.db, slice);
  if (marked.intents.length === 0) return;
  let results;
  try {
    results = await send(c, marked, tally);
  } catch (error) {
    const fault = intentFaultOf(error);
    if (!fault) throw error;
    c.reached();
    await narrow(c, marked.intents, fault, tally);
    return;
  }
  c.reached();
  await settleAnswer(c, { marked, results }, tally);
}

/** Stores an answer's outcomes (`settleResults`) and tells the UI what became of each intent. */
async function settleAnswer(c: PushContext, { marked, results }: AnsweredBatch, tally: Tally): Promise<void> {
  const batch = marked.intents;
  const now = c.now();
  const summary = await settleResults(c.db, batch, results, now, marked.sentThrough);
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

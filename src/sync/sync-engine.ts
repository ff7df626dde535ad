import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError, isTillpointsError } from '../errors/tillpoints-error.js';
import { balanceView } from '../store/balance-view.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { Emitter, SyncError, SyncReport, TerminalEvents } from '../terminal/events.js';
import { applyPull } from './apply-pull.js';
import type { LeaderElection } from './leader-election.js';
import type { LedgerClient } from './ledger-client.js';
import { pullScope } from './pull-scope.js';
import { pendingIntents, pushPending } from './push-intents.js';
import { retryDelay, type RetryPolicy } from './retry-delay.js';
import { expiredSettled } from './sent-intents.js';
import { ensureWireNumbering } from './wire-numbering.js';
import { saveCachedRuleset, type CachedRuleset } from '../store/ruleset-cache.js';

const PULL_CURSOR = 'pullCursor';
// Pages of one pull round: a ledger that always says `hasMore` must not hold the round forever.
const MAX_PULL_PAGES = 1000;

/** Everything the sync loop needs; the facade builds it from the terminal's options. */
export interface SyncEngineOptions {
  readonly db: TerminalDatabase;
  readonly client: LedgerClient;
  readonly terminal: { readonly terminalId: string; readonly storeId: string };
  readonly leader: LeaderElection;
  readonly events: Emitter<TerminalEvents>;
  readonly batchSize: number;
  readonly pullIntervalMs: number;
  readonly retry: RetryPolicy;
  readonly retainSettledMs: number;
  readonly staleAfterMs: number;
  readonly now: () => number;
  readonly random: () => number;
  /** Called after every round, whatever its outcome (the facade emits `status`). */
  readonly onRoundEnd?: () => void;
  /** Called when a newer ruleset was pulled and stored. */
  readonly onRuleset?: (ruleset: CachedRuleset) => void;
  /** More work for each round, after push, pull and ruleset (the holds' tidying); a failure fails the round. */
  readonly afterPull?: () => Promise<void>;
  /** Fetches and caches a member (the survivor of a merge) from the ledger. */
  readonly refreshMember?: (memberId: string) => Promise<unknown>;
}

export { pendingIntents };

/**
 * The sync loop: pushes pending intents in seq order and in batches, settles the ledger's
 * outcomes and quarantines broken intents (`pushPending`), pulls balances changed elsewhere
 * for the members it holds (`pullScope`), prunes the old audit trail. Runs one round
 * at a time; a nudge during a round queues one more. Failures back off exponentially
 * with jitter; a success waits `pullIntervalMs`.
 */
export class SyncEngine {
  readonly #o: SyncEngineOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #round: Promise<SyncReport> | undefined;
  #again = false;
  #failures = 0;
  #rulesetVersion: number | undefined;
  #started = false;
  #closed = false;
  online: boolean | null = null;
  leader = false;
  lastSyncAt: number | null = null;
  /** When the last complete pull ended. */
  lastPullAt: number | null = null;
  lastError: SyncError | null = null;

  constructor(options: SyncEngineOptions) {
    this.#o = options;
  }

  /** Tells the engine which ruleset version the till already holds. */
  holdsRuleset(version: number | undefined): void {
    this.#rulesetVersion = version;
  }

  /** Starts the loop with a round now. */
  start(): void {
    this.#started = true;
    this.#schedule(0);
  }

  /**
   * Asks for a round soon. A new intent waits for a retry already scheduled after
   * failures (each bill taken offline must not cost a request); a sign that the network
   * is back (`resetBackoff`) retries at once.
   */
  nudge(resetBackoff = false): void {
    if (resetBackoff) this.#failures = 0;
    else if (this.#failures > 0) return;
    if (this.#round) this.#again = true;
    else if (this.#started) this.#schedule(0);
  }

  /** Runs a round now (after the one in progress); rejects with the round's error. */
  async syncNow(): Promise<SyncReport> {
    if (this.#closed) throw new TillpointsError(ERROR_CODES.closed, 'the terminal is closed');
    await this.#round?.catch(() => {});
    return this.#run();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#round?.catch(() => {});
    await this.#o.leader.release().catch(() => {});
    this.leader = false;
  }

  #schedule(delayMs: number): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#run().catch(() => {}), delayMs);
    // In Node, a pending round must not keep the process alive.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  #run(): Promise<SyncReport> {
    clearTimeout(this.#timer);
    const round = this.#roundOnce().finally(() => {
      if (this.#round === round) this.#round = undefined;
      this.#o.onRoundEnd?.();
      if (!this.#started || this.#closed) return;
      if (this.#again) {
        this.#again = false;
        this.#schedule(0);
      } else {
        this.#schedule(this.#failures > 0 ? retryDelay(this.#failures, this.#o.retry, this.#o.random) : this.#o.pullIntervalMs);
      }
    });
    this.#round = round;
    return round;
  }

  async #roundOnce(): Promise<SyncReport> {
    const started = this.#o.now();
    this.leader = await this.#o.leader.tryLead();
    if (!this.leader) return { leader: false, pushed: 0, confirmed: 0, rejected: 0, quarantined: 0, requests: 0, pulled: 0, durationMs: 0 };
    try {
      // A till that started on an empty database registers its incarnation before any push.
      const numbering = await ensureWireNumbering(this.#o.db, this.#o.client);
      const pushed = await pushPending({
        ...this.#o,
        numbering,
        pulledAt: () => this.lastPullAt,
        reached: () => {
          this.online = true;
        },
      });
      const pulled = await this.#pullAll();
      await this.#refreshRuleset();
      await this.#o.afterPull?.();
      await this.#prune();
      this.online = true;
      this.lastError = null;
      this.#failures = 0;
      this.lastSyncAt = this.#o.now();
      const report: SyncReport = { leader: true, ...pushed, pulled, durationMs: this.lastSyncAt - started };
      this.#o.events.emit('sync', report);
      return report;
    } catch (error) {
      this.#failures++;
      const code = isTillpointsError(error) ? error.code : ERROR_CODES.storage;
      // Only a failure to reach the ledger means offline; a refusal or a bad answer came from it.
      this.online = code !== ERROR_CODES.network;
      this.lastError = { code, message: error instanceof Error ? error.message : String(error), at: this.#o.now() };
      throw error;
    }
  }

  async #pullAll(): Promise<number> {
    const o = this.#o;
    let cursor = ((await o.db.meta.get(PULL_CURSOR))?.value as string | undefined) ?? null;
    const scope = await pullScope(o.db);
    if (scope.length === 0) {
      this.lastPullAt = o.now();
      return 0;
    }
    let pulled = 0;
    let restarted = false;
    for (let page = 0; page < MAX_PULL_PAGES; page++) {
      let answer;
      try {
        answer = await o.client.pull(cursor, scope);
      } catch (error) {
        // A cursor the ledger does not know (corrupted here, or a ledger restored from a
        // backup) would fail every round: start again from null, once, for the members
        // this till holds. Pulled balances only replace older versions, so nothing regresses.
        const unknownCursor = isTillpointsError(error, ERROR_CODES.ledgerRefused) && error.details?.ledgerCode === 'invalid_cursor';
        if (!unknownCursor || cursor === null || restarted) throw error;
        await o.db.meta.delete(PULL_CURSOR);
        cursor = null;
        restarted = true;
        continue;
      }
      const now = o.now();
      const moved = await applyPull(o.db, answer.changes, answer.cursor, now);
      for (const m of moved) o.events.emit('balance', balanceView(m, now, o.staleAfterMs, now));
      pulled += moved.length;
      cursor = answer.cursor;
      if (!answer.hasMore) {
        this.lastPullAt = now;
        return pulled;
      }
    }
    // The cursor is stored page by page: the next round goes on from here.
    return pulled;
  }

  async #refreshRuleset(): Promise<void> {
    const o = this.#o;
    const answer = await o.client.ruleset();
    if (!answer || answer.version === this.#rulesetVersion) return;
    const saved = await saveCachedRuleset(o.db, answer);
    if (!saved) {
      throw new TillpointsError(ERROR_CODES.protocolViolation, `the ledger sent ruleset version ${answer.version}, which is not a valid ruleset`);
    }
    this.#rulesetVersion = saved.version;
    o.onRuleset?.(saved);
  }

  async #prune(): Promise<void> {
    const o = this.#o;
    await o.db.transaction('rw', o.db.intents, async () => {
      await o.db.intents.bulkDelete(await expiredSettled(o.db, o.now() - o.retainSettledMs));
    });
  }
}

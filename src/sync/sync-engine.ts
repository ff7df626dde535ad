import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError, isTillpointsError } from '../errors/tillpoints-error.js';
import { nextRoundDelay, nudgeAction } from '../policy/next-round.js';
import type { RetryPolicy } from '../policy/retry-delay.js';
import type { SyncError, SyncReport } from '../terminal/events.js';
import type { LeaderElection } from './leader-election.js';
import { retryAfterOf } from './ledger-client.js';
import { pendingIntents } from './push-intents.js';
import { runRoundPhases, type RoundMemory, type SyncRoundOptions } from './sync-round.js';
import { platformTimers, type Timers } from './timers.js';

/** Everything the sync loop needs; the facade builds it from the terminal's options. */
export interface SyncEngineOptions extends SyncRoundOptions {
  readonly leader: LeaderElection;
  readonly pullIntervalMs: number;
  readonly retry: RetryPolicy;
  readonly random: () => number;
  /** The timers the next round is scheduled on. @default the platform's */
  readonly timers?: Timers;
  /** Called after every round, whatever its outcome (the facade emits `status`). */
  readonly onRoundEnd?: () => void;
}

export { pendingIntents };

/**
 * The sync loop. Its states:
 * - idle: not started (`autoSync` off); rounds run only on `syncNow()`;
 * - waiting: a round is scheduled on `timers` (at once, after the pull interval, or after a backoff);
 * - running: one round at a time (`runRoundPhases`, by the leader only); a nudge during a
 *   round queues one more right after it;
 * - closed: nothing is scheduled again.
 * When the next round runs and what a nudge does are pure decisions (`nextRoundDelay`,
 * `nudgeAction`); failures back off exponentially with jitter, a success waits `pullIntervalMs`.
 */
export class SyncEngine {
  readonly #o: SyncEngineOptions;
  readonly #timers: Timers;
  readonly #memory: RoundMemory = { lastPullAt: null, online: null, rulesetVersion: undefined };
  #timer: unknown;
  #round: Promise<SyncReport> | undefined;
  #again = false;
  #failures = 0;
  // What the ledger's last `Retry-After` asked for, when the last round failed on one.
  #retryAfterMs: number | undefined;
  #started = false;
  #closed = false;
  leader = false;
  lastSyncAt: number | null = null;
  lastError: SyncError | null = null;

  constructor(options: SyncEngineOptions) {
    this.#o = options;
    this.#timers = options.timers ?? platformTimers;
  }

  /** Whether the ledger was reached in the last round (null: not known yet). */
  get online(): boolean | null {
    return this.#memory.online;
  }

  /** When the last complete pull ended. */
  get lastPullAt(): number | null {
    return this.#memory.lastPullAt;
  }

  /** Tells the engine which ruleset version the till already holds. */
  holdsRuleset(version: number | undefined): void {
    this.#memory.rulesetVersion = version;
  }

  /** Starts the loop with a round now. */
  start(): void {
    this.#started = true;
    this.#schedule(0);
  }

  /**
   * Asks for a round soon (see `nudgeAction`). A new intent waits for a retry already
   * scheduled after failures; a sign that the network is back (`resetBackoff`) retries at once.
   */
  nudge(resetBackoff = false): void {
    if (resetBackoff) this.#failures = 0;
    const action = nudgeAction({ failures: this.#failures, resetBackoff, roundRunning: this.#round !== undefined, started: this.#started });
    if (action === 'after-round') this.#again = true;
    else if (action === 'now') this.#schedule(0);
  }

  /** Runs a round now (after the one in progress); rejects with the round's error. */
  async syncNow(): Promise<SyncReport> {
    if (this.#closed) throw new TillpointsError(ERROR_CODES.closed, 'the terminal is closed');
    await this.#round?.catch(() => {});
    return this.#run();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#timers.clearTimeout(this.#timer);
    await this.#round?.catch(() => {});
    await this.#o.leader.release().catch(() => {});
    this.leader = false;
  }

  #schedule(delayMs: number): void {
    if (this.#closed) return;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = this.#timers.setTimeout(() => void this.#run().catch(() => {}), delayMs);
  }

  #run(): Promise<SyncReport> {
    this.#timers.clearTimeout(this.#timer);
    const round = this.#roundOnce().finally(() => {
      if (this.#round === round) this.#round = undefined;
      this.#o.onRoundEnd?.();
      if (!this.#started || this.#closed) return;
      const again = this.#again;
      this.#again = false;
      this.#schedule(nextRoundDelay({ again, failures: this.#failures, retryAfterMs: this.#retryAfterMs }, this.#o, this.#o.random));
    });
    this.#round = round;
    return round;
  }

  async #roundOnce(): Promise<SyncReport> {
    const started = this.#o.now();
    this.leader = await this.#o.leader.tryLead();
    if (!this.leader) return { leader: false, pushed: 0, confirmed: 0, rejected: 0, quarantined: 0, requests: 0, pulled: 0, durationMs: 0 };
    try {
      const done = await runRoundPhases(this.#o, this.#memory);
      this.#memory.online = true;
      this.lastError = null;
      this.#failures = 0;
      this.#retryAfterMs = undefined;
      this.lastSyncAt = this.#o.now();
      const report: SyncReport = { leader: true, ...done, durationMs: this.lastSyncAt - started };
      this.#o.events.emit('sync', report);
      return report;
    } catch (error) {
      this.#failures++;
      this.#retryAfterMs = retryAfterOf(error);
      const code = isTillpointsError(error) ? error.code : ERROR_CODES.storage;
      // Only a failure to reach the ledger means offline; a refusal or a bad answer came from it.
      this.#memory.online = code !== ERROR_CODES.network;
      this.lastError = { code, message: error instanceof Error ? error.message : String(error), at: this.#o.now() };
      throw error;
    }
  }
}

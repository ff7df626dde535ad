import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError, isTillpointsError } from '../errors/tillpoints-error.js';
import { afterPushAction, nextRoundDelay, nudgeAction } from '../policy/next-round.js';
import type { RetryPolicy } from '../policy/retry-delay.js';
import type { SyncError, SyncReport } from '../terminal/events.js';
import type { LeaderElection } from './leader-election.js';
import { retryAfterOf } from './ledger-client.js';
import { pendingIntents, type PushTally } from './push-intents.js';
import { runAfterPushPhases, runPushPhase, type RoundMemory, type SyncRoundOptions } from './sync-round.js';
import { platformTimers, type Timers } from './timers.js';

/** Everything the sync loop needs; the facade builds it from the terminal's options. */
export interface SyncEngineOptions extends SyncRoundOptions {
  readonly leader: LeaderElection;
  readonly pullIntervalMs: number;
  readonly retry: RetryPolicy;
  readonly random: () => number;
  /** The timers the next round is scheduled on. @default the platform's */
  readonly timers?: Timers;
  /** Called after every round and every push that made a request or failed (the facade emits `status`). */
  readonly onRoundEnd?: () => void;
}

export { pendingIntents };

/** What one push did, or null when another tab leads. */
type PushPass = { readonly tally: PushTally; readonly startedAt: number } | null;

const NOT_LEADER: SyncReport = { leader: false, pushed: 0, confirmed: 0, rejected: 0, quarantined: 0, requests: 0, pulled: 0, durationMs: 0 };

/**
 * The sync loop: pushes on their own, full rounds on a cadence.
 * - A push (`runPushPhase`) starts as soon as an intent is stored (a nudge), batched with
 *   whatever else is pending, never behind a pull, a ruleset fetch or pruning. One push is in
 *   flight at a time, so intents leave in seq order; a nudge during a push queues one more right
 *   after it. Only the leader tab pushes.
 * - A full round (push, then `runAfterPushPhases`: pull, ruleset, holds, prune) runs on
 *   `timers`: at start, after the pull interval, after a backoff, on `syncNow()` and on a sign
 *   that the network is back. One round at a time; a push may run beside its later phases.
 * - Failures (of a push or a round) back off exponentially with jitter: nudges are ignored
 *   meanwhile and the retry is a full round; a success waits `pullIntervalMs`.
 * When the next round runs, what a nudge does and what follows a push are pure decisions
 * (`nextRoundDelay`, `nudgeAction`, `afterPushAction`).
 */
export class SyncEngine {
  readonly #o: SyncEngineOptions;
  readonly #timers: Timers;
  readonly #memory: RoundMemory = { lastPullAt: null, online: null, rulesetVersion: undefined };
  #timer: unknown;
  #round: Promise<SyncReport> | undefined;
  #push: Promise<PushPass> | undefined;
  #pushAgain = false;
  #roundAgain = false;
  #failures = 0;
  // Counts recorded failures, so a round's success does not clear a push's failure beside it.
  #failureSerial = 0;
  // What the ledger's last `Retry-After` asked for, when the last failure carried one.
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
    this.#scheduleRound(0);
  }

  /**
   * A new intent (here or in another tab) asks for a push now; a sign that the network is back
   * (`resetBackoff`) asks for a full round now. See `nudgeAction`.
   */
  nudge(resetBackoff = false): void {
    if (this.#closed) return;
    if (resetBackoff) this.#failures = 0;
    const action = nudgeAction({
      failures: this.#failures, resetBackoff, pushRunning: this.#push !== undefined, roundRunning: this.#round !== undefined, started: this.#started,
    });
    if (action === 'push-now') this.#pushOnNudge();
    else if (action === 'push-after') this.#pushAgain = true;
    else if (action === 'round-now') this.#scheduleRound(0);
    else if (action === 'round-after') this.#roundAgain = true;
  }

  /** Runs a full round now (after the one in progress); rejects with the round's error. */
  async syncNow(): Promise<SyncReport> {
    if (this.#closed) throw new TillpointsError(ERROR_CODES.closed, 'the terminal is closed');
    await this.#round?.catch(() => {});
    return this.#runRound();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#timers.clearTimeout(this.#timer);
    await this.#round?.catch(() => {});
    await this.#push?.catch(() => {});
    await this.#o.leader.release().catch(() => {});
    this.leader = false;
  }

  #scheduleRound(delayMs: number): void {
    if (this.#closed) return;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = this.#timers.setTimeout(() => void this.#runRound().catch(() => {}), delayMs);
  }

  /** One push, after the one in flight (so one at a time, in seq order). */
  #pushPass(): Promise<PushPass> {
    const before = this.#push;
    const pass = (async () => {
      await before?.catch(() => {});
      return this.#pushOnce();
    })();
    this.#push = pass;
    pass
      .finally(() => {
        if (this.#push === pass) this.#push = undefined;
      })
      .catch(() => {});
    return pass;
  }

  async #pushOnce(): Promise<PushPass> {
    const startedAt = this.#o.now();
    this.leader = await this.#o.leader.tryLead();
    if (!this.leader) return null;
    const tally = await runPushPhase(this.#o, this.#memory);
    if (tally.requests > 0) {
      // The ledger answered: the loop is well again.
      this.#failures = 0;
      this.#retryAfterMs = undefined;
      this.lastError = null;
    }
    return { tally, startedAt };
  }

  // A push on its own (not a round's): reported, and followed by what `afterPushAction` says.
  #pushOnNudge(): void {
    if (this.#closed) return;
    this.#pushPass().then(
      (pass) => {
        const requested = pass !== null && pass.tally.requests > 0;
        if (requested) this.#report(pass, 0);
        this.#afterPush(false, requested);
      },
      (error: unknown) => {
        this.#recordFailure(error);
        this.#afterPush(true, true);
      },
    );
  }

  // `requested`: the push made a request or failed, so the status changed.
  #afterPush(failed: boolean, requested: boolean): void {
    if (requested) this.#o.onRoundEnd?.();
    const again = this.#pushAgain;
    this.#pushAgain = false;
    const action = afterPushAction({ failed, again, roundRunning: this.#round !== undefined, started: this.#started && !this.#closed });
    if (action === 'push-again') this.#pushOnNudge();
    else if (action === 'retry-round') this.#scheduleRound(nextRoundDelay({ again: false, failures: this.#failures, retryAfterMs: this.#retryAfterMs }, this.#o, this.#o.random));
  }

  #report(pass: NonNullable<PushPass>, pulled: number): SyncReport {
    this.lastSyncAt = this.#o.now();
    const report: SyncReport = { leader: true, ...pass.tally, pulled, durationMs: this.lastSyncAt - pass.startedAt };
    this.#o.events.emit('sync', report);
    return report;
  }

  #runRound(): Promise<SyncReport> {
    this.#timers.clearTimeout(this.#timer);
    const round = this.#roundOnce().finally(() => {
      if (this.#round === round) this.#round = undefined;
      this.#o.onRoundEnd?.();
      if (!this.#started || this.#closed) return;
      const again = this.#roundAgain;
      this.#roundAgain = false;
      this.#scheduleRound(nextRoundDelay({ again, failures: this.#failures, retryAfterMs: this.#retryAfterMs }, this.#o, this.#o.random));
    });
    this.#round = round;
    return round;
  }

  async #roundOnce(): Promise<SyncReport> {
    try {
      const pass = await this.#pushPass();
      if (!pass) return NOT_LEADER;
      // Intents stored during the round's push leave now, beside its later phases.
      if (this.#pushAgain) {
        this.#pushAgain = false;
        this.#pushOnNudge();
      }
      const serial = this.#failureSerial;
      const { pulled } = await runAfterPushPhases(this.#o, this.#memory);
      this.#memory.online = true;
      if (serial === this.#failureSerial) {
        this.lastError = null;
        this.#failures = 0;
        this.#retryAfterMs = undefined;
      }
      return this.#report(pass, pulled);
    } catch (error) {
      this.#recordFailure(error);
      throw error;
    }
  }

  #recordFailure(error: unknown): void {
    this.#failures++;
    this.#failureSerial++;
    this.#retryAfterMs = retryAfterOf(error);
    const code = isTillpointsError(error) ? error.code : ERROR_CODES.storage;
    // Only a failure to reach the ledger means offline; a refusal or a bad answer came from it.
    this.#memory.online = code !== ERROR_CODES.network;
    this.lastError = { code, message: error instanceof Error ? error.message : String(error), at: this.#o.now() };
  }
}

import { delayAfterBusy } from './retry-after.js';
import { retryDelay, type RetryPolicy } from './retry-delay.js';

/** The sync loop's timing, from the terminal's options. */
export interface RoundTiming {
  /** Pause between rounds while all is well. */
  readonly pullIntervalMs: number;
  /** Backoff after failures. */
  readonly retry: RetryPolicy;
}

/**
 * How long after a full round ends the next one starts: at once when one more was asked for
 * during the round (`again`: a sign the network is back); after a backoff when the loop is
 * failing (`failures` counts the failures in a row, of rounds and of pushes), and at least as
 * long as a busy ledger asked (`retryAfterMs`, capped by the retry policy); else after the
 * pull interval. `random` returns [0, 1) (the jitter).
 */
export function nextRoundDelay(
  end: { readonly again: boolean; readonly failures: number; readonly retryAfterMs?: number | undefined },
  timing: RoundTiming,
  random: () => number,
): number {
  // A busy ledger said when to come back (`Retry-After`): not sooner, even with more to send.
  if (end.retryAfterMs !== undefined && end.failures > 0) {
    return delayAfterBusy(end.retryAfterMs, retryDelay(end.failures, timing.retry, random), timing.retry, random);
  }
  if (end.again) return 0;
  return end.failures > 0 ? retryDelay(end.failures, timing.retry, random) : timing.pullIntervalMs;
}

/**
 * What a nudge does. A new intent (here or in another tab) asks for a push only: it is pushed
 * at once, never behind a pull, a ruleset fetch or pruning, which keep their own cadence.
 * - `ignore`: the loop is backing off after failures and the nudge is not a sign of the
 *   network (each bill taken offline must not cost a request), or the loop is not started;
 * - `push-now`: a push starts at once (beside a full round's later phases, if one runs);
 * - `push-after`: a push is in flight (one at a time, in seq order): one more runs right after it;
 * - `round-now` / `round-after`: a sign that the network is back (`resetBackoff`) asks for a
 *   full round (push first, then pull, ruleset, holds, prune), at once or right after the one running.
 * A nudge that resets the backoff is judged as if nothing had failed.
 */
export type NudgeAction = 'ignore' | 'push-now' | 'push-after' | 'round-now' | 'round-after';

/** Decides what a nudge does; see {@link NudgeAction}. */
export function nudgeAction(s: {
  readonly failures: number;
  readonly resetBackoff: boolean;
  readonly pushRunning: boolean;
  readonly roundRunning: boolean;
  readonly started: boolean;
}): NudgeAction {
  if (!s.started) return 'ignore';
  if (s.resetBackoff) return s.roundRunning ? 'round-after' : 'round-now';
  if (s.failures > 0) return 'ignore';
  return s.pushRunning ? 'push-after' : 'push-now';
}

/**
 * What the loop does when a push it started on a nudge ends (a round's own push is followed by
 * the round's other phases instead):
 * - `push-again`: it succeeded and more intents were stored meanwhile: push them at once;
 * - `retry-round`: it failed and no round is running: a full round is scheduled after the
 *   backoff (a running round's end schedules it);
 * - `idle`: nothing more until the next nudge or round.
 */
export type AfterPushAction = 'push-again' | 'retry-round' | 'idle';

/** Decides what follows a push; see {@link AfterPushAction}. */
export function afterPushAction(s: { readonly failed: boolean; readonly again: boolean; readonly roundRunning: boolean; readonly started: boolean }): AfterPushAction {
  if (!s.started) return 'idle';
  if (s.failed) return s.roundRunning ? 'idle' : 'retry-round';
  return s.again ? 'push-again' : 'idle';
}

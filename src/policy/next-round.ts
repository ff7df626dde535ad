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
 * How long after a round ends the next one starts: at once when more work was asked for
 * during the round (`again`); after a backoff when the round failed (`failures` counts the
 * failures in a row), and at least as long as a busy ledger asked (`retryAfterMs`, capped by
 * the retry policy); else after the pull interval. `random` returns [0, 1) (the jitter).
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
 * What a nudge does (a new intent, another tab's intent, a sign that the network is back):
 * - `ignore`: the loop is backing off after failures and the nudge is not a sign of the
 *   network (each bill taken offline must not cost a request), or the loop is not started;
 * - `after-round`: a round is running: one more runs right after it;
 * - `now`: a round starts at once.
 * A nudge that resets the backoff (`resetBackoff`) is judged as if nothing had failed.
 */
export type NudgeAction = 'ignore' | 'after-round' | 'now';

/** Decides what a nudge does; see {@link NudgeAction}. */
export function nudgeAction(s: { readonly failures: number; readonly resetBackoff: boolean; readonly roundRunning: boolean; readonly started: boolean }): NudgeAction {
  if (!s.resetBackoff && s.failures > 0) return 'ignore';
  if (s.roundRunning) return 'after-round';
  return s.started ? 'now' : 'ignore';
}

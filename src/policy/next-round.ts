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
 * failures in a row); else after the pull interval. `random` returns [0, 1) (the jitter).
 */
export function nextRoundDelay(end: { readonly again: boolean; readonly failures: number }, timing: RoundTiming, random: () => number): number {
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

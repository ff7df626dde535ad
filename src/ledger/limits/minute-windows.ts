const MINUTE_MS = 60_000;
/** The hour and the day windows, in minutes. */
export const HOUR_MINUTES = 60;
export const DAY_MINUTES = 24 * 60;

/** The minute a time falls in (minutes since the epoch). */
export function minuteOf(at: string): number {
  return Math.floor(Date.parse(at) / MINUTE_MS);
}

/**
 * Amounts per minute, summed over sliding windows of `span` minutes. Counting by minute keeps
 * a window's sum cheap however busy the till.
 */
export class MinuteWindows {
  readonly #byMinute = new Map<number, number>();
  #last = Number.NEGATIVE_INFINITY;

  /** Adds `amount` at `minute`. */
  add(minute: number, amount: number): void {
    if (amount === 0) return;
    this.#byMinute.set(minute, (this.#byMinute.get(minute) ?? 0) + amount);
    if (minute > this.#last) this.#last = minute;
  }

  #at(minute: number): number {
    return this.#byMinute.get(minute) ?? 0;
  }

  /**
   * The largest sum of any window of `span` minutes that contains `minute`: what an amount
   * added at `minute` would join. A bill that arrives after later-dated ones (an offline
   * queue, pushes racing) is counted against every window it falls in, not only the one ending at it.
   */
  peak(minute: number, span: number): number {
    let sum = 0;
    for (let m = minute - span + 1; m <= minute; m++) sum += this.#at(m);
    if (this.#last <= minute) return sum; // the usual case: nothing dated after this minute yet
    let peak = sum;
    for (let end = minute + 1; end <= minute + span - 1; end++) {
      sum += this.#at(end) - this.#at(end - span);
      if (sum > peak) peak = sum;
    }
    return peak;
  }
}

const MINUTE_MS = 60_000;
/** The hour and the day windows, in minutes. */
export const HOUR_MINUTES = 60;
export const DAY_MINUTES = 24 * 60;

/** The minute a time falls in (minutes since the epoch). */
export function minuteOf(at: string): number {
  return Math.floor(Date.parse(at) / MINUTE_MS);
}

/**
 * Amounts per minute, summed over sliding windows: the `span` minutes up to and including
 * a given minute. Counting by minute keeps a window's sum cheap however busy the till.
 */
export class MinuteWindows {
  readonly #byMinute = new Map<number, number>();

  /** Adds `amount` at `minute`. */
  add(minute: number, amount: number): void {
    if (amount !== 0) this.#byMinute.set(minute, (this.#byMinute.get(minute) ?? 0) + amount);
  }

  /** The sum over the `span` minutes ending at `minute`. */
  sum(minute: number, span: number): number {
    let total = 0;
    if (this.#byMinute.size < span) {
      for (const [m, amount] of this.#byMinute) if (m <= minute && m > minute - span) total += amount;
    } else {
      for (let m = minute - span + 1; m <= minute; m++) total += this.#byMinute.get(m) ?? 0;
    }
    return total;
  }
}

/** How {@link DatabaseLiveness} decides that a database that works one statement at a time is up. */
export interface DatabaseLivenessOptions {
  /** An answer to any request within this long counts as the database being up. @default 2000 */
  readonly freshMs?: number;
  /** Otherwise a ping must be answered within this long, or the database counts as stuck. @default 1000 */
  readonly pingWithinMs?: number;
  /** The clock, in ms. @default performance.now */
  readonly now?: () => number;
}

/** What a database that answered nothing for too long is refused with: a connection failure (SQLSTATE 08006), answered 503. */
export class DatabaseNotAnsweringError extends Error {
  override readonly name = 'DatabaseNotAnsweringError';
  readonly code = '08006';
  constructor(freshMs: number, pingWithinMs: number) {
    super(`the embedded database answered nothing in ${freshMs} ms, nor a ping within ${pingWithinMs} ms`);
  }
}

/** Health's default: an answer within the last 2 s, or a ping answered within 1 s. */
export const DEFAULT_FRESH_MS = 2_000;
export const DEFAULT_PING_WITHIN_MS = 1_000;

/**
 * Whether a database that runs one statement at a time (the embedded one, in its thread) is
 * up, without making health wait behind the statement it is running. Told of every answer
 * the database gives (`answered()`), `check(ping)` resolves at once when one came within
 * `freshMs`: a database answering requests is up, however busy. Otherwise it pings, and
 * rejects with a {@link DatabaseNotAnsweringError} if no answer comes within `pingWithinMs`:
 * a database silent that long (one statement running for seconds, or a thread that hangs)
 * is stuck, and a load balancer must hear so within its own timeout. A dead or closed
 * database is the caller's to refuse first: this only sees silence.
 */
export class DatabaseLiveness {
  readonly #freshMs: number;
  readonly #pingWithinMs: number;
  readonly #now: () => number;
  #lastAnswerAt = -Infinity;
  // The ping asked and not yet answered: checks that come meanwhile wait on it rather than
  // pile pings on a thread that is not answering.
  #pinging: Promise<void> | undefined;

  constructor(options: DatabaseLivenessOptions = {}) {
    this.#freshMs = options.freshMs ?? DEFAULT_FRESH_MS;
    this.#pingWithinMs = options.pingWithinMs ?? DEFAULT_PING_WITHIN_MS;
    this.#now = options.now ?? (() => performance.now());
  }

  /** The database answered a request (with rows or with an error: either way it is there). */
  answered(): void {
    this.#lastAnswerAt = this.#now();
  }

  /** A request could not reach the database (a connection failure): earlier answers no longer count, the next check pings. */
  unreachable(): void {
    this.#lastAnswerAt = -Infinity;
  }

  /**
   * Resolves if the database answered lately or answers `ping` in time; rejects with the
   * ping's error, or as stuck. One ping at a time: a check while one is unanswered waits on it.
   */
  async check(ping: () => Promise<void>): Promise<void> {
    if (this.#now() - this.#lastAnswerAt <= this.#freshMs) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const silent = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseNotAnsweringError(this.#freshMs, this.#pingWithinMs)), this.#pingWithinMs);
    });
    const pinging = (this.#pinging ??= ping().finally(() => (this.#pinging = undefined)));
    try {
      await Promise.race([pinging, silent]);
    } finally {
      clearTimeout(timer);
    }
  }
}

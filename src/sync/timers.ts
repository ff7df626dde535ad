/**
 * Where the SDK gets its timers: every wait it makes (the sync loop's next round and its
 * backoff, a request's timeout, the hold and member deadlines) goes through one of these, so
 * a test or a simulator can drive time by hand.
 *
 * @example
 * // A hand-driven clock: nothing fires until the test says so.
 * const due: { at: number; run: () => void }[] = [];
 * const timers: Timers = { setTimeout: (run, ms) => due.push({ at: now + ms, run }), clearTimeout: () => {} };
 */
export interface Timers {
  /** Calls `callback` once, after `ms` milliseconds; returns a handle for `clearTimeout`. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a callback not yet called (a handle already fired or cleared is ignored). */
  clearTimeout(handle: unknown): void;
}

/**
 * The platform's timers, looked up at each call (so a test's fake timers apply). In Node they
 * are unref'd: a pending round or timeout never keeps a process alive.
 */
export const platformTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = globalThis.setTimeout(callback, ms);
    (handle as { unref?: () => void } | undefined)?.unref?.();
    return handle;
  },
  clearTimeout(handle) {
    if (handle !== undefined) globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** Whether `value` has the shape of {@link Timers}. */
export function isTimers(value: unknown): value is Timers {
  const t = value as Partial<Timers> | null | undefined;
  return typeof t?.setTimeout === 'function' && typeof t.clearTimeout === 'function';
}

import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import type { Timers } from '../sync/timers.js';

/** How long a wait may last, and a signal that ends it early. */
export interface WaitOptions {
  /** Milliseconds before giving up with `timeout`. @default no limit */
  readonly timeout?: number | undefined;
  /** Aborting it ends the wait with `aborted`. */
  readonly signal?: AbortSignal | undefined;
}

/** Checks wait options, throwing `invalid_argument` for a timeout that is not a positive integer or a signal that is not one. */
export function parseWaitOptions(options: unknown, what: string): WaitOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) throw invalid(what, 'options must be an object');
  const { timeout, signal } = options as { timeout?: unknown; signal?: unknown };
  if (timeout !== undefined && (!Number.isSafeInteger(timeout) || (timeout as number) < 1)) throw invalid(what, 'timeout must be a positive whole number of milliseconds');
  if (signal !== undefined && (typeof signal !== 'object' || signal === null || typeof (signal as AbortSignal).addEventListener !== 'function')) {
    throw invalid(what, 'signal must be an AbortSignal');
  }
  return { timeout: timeout as number | undefined, signal: signal as AbortSignal | undefined };
}

function invalid(what: string, message: string): TillpointsError {
  return new TillpointsError(ERROR_CODES.invalidArgument, `invalid ${what}: ${message}`);
}

/**
 * One wait for a value: it ends once, by `resolve`, `reject`, its timeout (on the terminal's
 * timers, so tests drive it by hand) or its signal; then its timer and listeners are removed.
 */
export class Waiter<T> {
  readonly promise: Promise<T>;
  #resolve!: (value: T) => void;
  #reject!: (error: unknown) => void;
  #done = false;
  readonly #cleanups: (() => void)[] = [];

  constructor(timers: Timers, options: WaitOptions, what: string) {
    this.promise = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    const { signal, timeout } = options;
    if (signal?.aborted) {
      this.reject(new TillpointsError(ERROR_CODES.aborted, `${what}: aborted`, { cause: signal.reason }));
      return;
    }
    if (signal) {
      const onAbort = () => this.reject(new TillpointsError(ERROR_CODES.aborted, `${what}: aborted`, { cause: signal.reason }));
      signal.addEventListener('abort', onAbort, { once: true });
      this.#cleanups.push(() => signal.removeEventListener('abort', onAbort));
    }
    if (timeout !== undefined) {
      const handle = timers.setTimeout(
        () => this.reject(new TillpointsError(ERROR_CODES.timeout, `${what}: no answer within ${timeout} ms`, { details: { timeoutMs: timeout } })),
        timeout,
      );
      this.#cleanups.push(() => timers.clearTimeout(handle));
    }
  }

  /** Whether the wait has ended. */
  get done(): boolean {
    return this.#done;
  }

  /** Runs `cleanup` when the wait ends (at once if it has). */
  onEnd(cleanup: () => void): void {
    if (this.#done) cleanup();
    else this.#cleanups.push(cleanup);
  }

  resolve(value: T): void {
    if (this.#end()) this.#resolve(value);
  }

  reject(error: unknown): void {
    if (this.#end()) this.#reject(error);
  }

  #end(): boolean {
    if (this.#done) return false;
    this.#done = true;
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    return true;
  }
}

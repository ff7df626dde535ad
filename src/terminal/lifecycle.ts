import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';

/**
 * A terminal's life: `new` until `start()` is called, `starting` while it runs, `started`,
 * and `closed` for good. The start rule: an operation on a terminal never started throws
 * `not_started` (it does not start it: the POS decides when the database opens); one made
 * while `start()` is in flight waits for it and then runs (or throws what the start threw);
 * one made after `close()` throws `closed`.
 */
export class Lifecycle {
  #state: 'new' | 'starting' | 'started' | 'closed' = 'new';
  #starting: Promise<void> | undefined;

  /** Whether the terminal is started and not closed (background work may run). */
  get running(): boolean {
    return this.#state === 'started';
  }

  get closed(): boolean {
    return this.#state === 'closed';
  }

  /**
   * Runs `open` once: a second `start()` (during or after the first) answers the first's
   * outcome. A failed start leaves the terminal `new`, so `start()` may be called again.
   */
  start(open: () => Promise<void>): Promise<void> {
    if (this.#state === 'closed') return Promise.reject(closedError());
    if (this.#starting) return this.#starting;
    this.#state = 'starting';
    const starting = open().then(
      () => {
        if (this.#state === 'starting') this.#state = 'started';
      },
      (error: unknown) => {
        if (this.#state === 'starting') this.#state = 'new';
        this.#starting = undefined;
        throw error;
      },
    );
    this.#starting = starting;
    return starting;
  }

  /** Marks the terminal closed, after a start in flight has finished (either way). */
  async close(): Promise<boolean> {
    if (this.#state === 'closed') return false;
    await this.#starting?.catch(() => {});
    if (this.closed) return false; // another close() got here first
    this.#state = 'closed';
    return true;
  }

  /** Resolves when an operation may run; throws `not_started` or `closed` (see the class). */
  async ready(): Promise<void> {
    if (this.#state === 'starting') await this.#starting;
    if (this.closed) throw closedError();
    if (this.#state === 'new') {
      throw new TillpointsError(ERROR_CODES.notStarted, 'the terminal was not started: call `await terminal.start()` first');
    }
  }
}

function closedError(): TillpointsError {
  return new TillpointsError(ERROR_CODES.closed, 'the terminal is closed');
}

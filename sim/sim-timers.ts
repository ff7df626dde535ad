import type { Scheduler, SimEvent } from './scheduler.js';

/** The terminal's `timers` seam (issue 9): `setTimeout`/`clearTimeout` on any clock. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * One tab's timers on the virtual clock. A frozen tab's callbacks wait until it wakes; a
 * killed tab's never run (a crashed process runs nothing).
 */
export class SimTimers implements Timers {
  readonly #scheduler: Scheduler;
  readonly #label: string;
  #frozen: (() => void)[] | undefined;
  #dead = false;

  constructor(scheduler: Scheduler, label: string) {
    this.#scheduler = scheduler;
    this.#label = label;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    return this.#scheduler.after(Math.max(0, Math.floor(ms)), `timer ${this.#label}`, () => this.#fire(callback));
  }

  clearTimeout(handle: unknown): void {
    if (handle && typeof handle === 'object' && 'cancelled' in handle) this.#scheduler.cancel(handle as SimEvent);
  }

  /** Stops running callbacks until {@link wake}. */
  freeze(): void {
    this.#frozen ??= [];
  }

  /** Runs what came due while frozen, in order. */
  wake(): void {
    const due = this.#frozen ?? [];
    this.#frozen = undefined;
    for (const callback of due) this.#fire(callback);
  }

  /** Never runs another callback. */
  kill(): void {
    this.#dead = true;
    this.#frozen = undefined;
  }

  #fire(callback: () => void): void {
    if (this.#dead) return;
    if (this.#frozen) this.#frozen.push(callback);
    else callback();
  }
}

import type { Timers } from '../../../src/index.js';

interface Due {
  readonly id: number;
  readonly ms: number;
  readonly run: () => void;
}

/**
 * Timers driven by hand: nothing fires until the test fires it. Records every delay asked
 * for, and lets a test wait (on an explicit event, never a sleep) until a timer of a given
 * delay is set.
 */
export class HandTimers implements Timers {
  #next = 0;
  readonly #due = new Map<number, Due>();
  readonly #waiting: { match: (ms: number) => boolean; resolve: (due: Due) => void }[] = [];
  /** Every delay asked for, in order. */
  readonly asked: number[] = [];

  setTimeout(run: () => void, ms: number): unknown {
    const due = { id: ++this.#next, ms, run };
    this.#due.set(due.id, due);
    this.asked.push(ms);
    for (const w of [...this.#waiting]) {
      if (w.match(ms)) {
        this.#waiting.splice(this.#waiting.indexOf(w), 1);
        w.resolve(due);
      }
    }
    return due.id;
  }

  clearTimeout(handle: unknown): void {
    this.#due.delete(handle as number);
  }

  /** The delays of the timers set and not yet fired or cleared. */
  get pending(): number[] {
    return [...this.#due.values()].map((d) => d.ms);
  }

  /** Resolves with the first pending (or next set) timer of `ms`. */
  async set(ms: number): Promise<{ fire: () => void }> {
    const found = [...this.#due.values()].find((d) => d.ms === ms) ?? (await new Promise<Due>((resolve) => this.#waiting.push({ match: (m) => m === ms, resolve })));
    return { fire: () => this.#fire(found) };
  }

  /** Waits for a timer of `ms` and fires it. */
  async fire(ms: number): Promise<void> {
    (await this.set(ms)).fire();
  }

  #fire(due: Due): void {
    if (!this.#due.delete(due.id)) throw new Error(`the timer of ${due.ms} ms was cleared or already fired`);
    due.run();
  }
}

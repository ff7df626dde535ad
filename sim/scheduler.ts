/** One thing due at a virtual time; `seq` breaks ties in the order they were scheduled. */
export interface SimEvent {
  readonly at: number;
  readonly seq: number;
  readonly label: string;
  readonly run: () => void | Promise<void>;
  cancelled: boolean;
}

const realSetImmediate = globalThis.setImmediate;
const realClearImmediate = globalThis.clearImmediate;
const outstanding = new Set<unknown>();
let counting = false;

/**
 * Counts the `setImmediate` callbacks others schedule (fake-indexeddb runs every IndexedDB step
 * on one), so {@link settle} knows when the real async work has run out.
 */
export function countImmediates(): void {
  if (counting) return;
  counting = true;
  const wrapped = ((callback: (...args: unknown[]) => void, ...args: unknown[]) => {
    const handle: unknown = realSetImmediate(() => {
      outstanding.delete(handle);
      callback(...args);
    });
    outstanding.add(handle);
    return handle;
  }) as unknown as typeof setImmediate;
  globalThis.setImmediate = Object.assign(wrapped, { __promisify__: realSetImmediate.__promisify__ });
  globalThis.clearImmediate = ((handle: NodeJS.Immediate) => {
    outstanding.delete(handle);
    realClearImmediate(handle);
  }) as typeof clearImmediate;
}

/**
 * Lets the real async work (IndexedDB, promise chains) run until none is left: event-loop turns
 * until no counted `setImmediate` is outstanding, at most `maxTurns`.
 */
export async function settle(maxTurns = 5_000): Promise<void> {
  countImmediates();
  for (let i = 0; i < maxTurns; i++) {
    await new Promise<void>((resolve) => realSetImmediate(resolve));
    if (outstanding.size === 0) return;
  }
}

/**
 * Virtual time: a priority queue of events by (time, seq). Time moves only when an event is
 * taken; each event is run (and awaited) and the async work it started is let settle before
 * the next one, so one seed gives one order of everything.
 */
export class Scheduler {
  #now: number;
  #seq = 0;
  readonly #heap: SimEvent[] = [];

  constructor(start: number) {
    this.#now = start;
  }

  /** The virtual clock (ms since epoch). */
  get now(): number {
    return this.#now;
  }

  /** Events not yet run (cancelled ones included until they surface). */
  get pending(): number {
    return this.#heap.length;
  }

  /** Schedules `run` at virtual time `at` (never before now). */
  at(at: number, label: string, run: SimEvent['run']): SimEvent {
    const event: SimEvent = { at: Math.max(at, this.#now), seq: this.#seq++, label, run, cancelled: false };
    this.#push(event);
    return event;
  }

  /** Schedules `run` `ms` from now. */
  after(ms: number, label: string, run: SimEvent['run']): SimEvent {
    return this.at(this.#now + Math.max(0, ms), label, run);
  }

  cancel(event: SimEvent): void {
    event.cancelled = true;
  }

  /** Runs the next event; false when none is left. */
  async step(): Promise<boolean> {
    let event = this.#pop();
    while (event?.cancelled) event = this.#pop(); // a cancelled event does not move time
    if (!event) return false;
    this.#now = event.at;
    await event.run();
    await settle();
    return true;
  }

  /** Runs events up to virtual time `until` (or all, when undefined), at most `maxEvents`; answers how many ran. */
  async run(until: number | undefined, maxEvents: number): Promise<number> {
    let ran = 0;
    while (ran < maxEvents) {
      const next = this.#heap[0];
      if (!next || (until !== undefined && next.at > until)) break;
      await this.step();
      ran++;
    }
    if (until !== undefined && until > this.#now) this.#now = until;
    return ran;
  }

  #less(a: SimEvent, b: SimEvent): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #push(event: SimEvent): void {
    const h = this.#heap;
    h.push(event);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  #pop(): SimEvent | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.#less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.#less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

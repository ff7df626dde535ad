import type { TerminalStatus } from './events.js';

/** The status before the first one is read: nothing known yet. */
export const INITIAL_STATUS: TerminalStatus = Object.freeze({
  online: null,
  queueDepth: 0,
  oldestPendingAgeMs: 0,
  lastSyncAt: null,
  lastError: null,
  conflicts: 0,
  quarantined: 0,
  leader: false,
  live: false,
  incarnation: Object.freeze({ state: 'unregistered' as const, incarnationId: null, seqBase: null }),
});

/** Whether two statuses say the same (they are small, flat and built in one key order). */
function sameStatus(a: TerminalStatus, b: TerminalStatus): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The last status read, held for synchronous readers (React's `useSyncExternalStore`): the
 * snapshot is the same object until a read finds something changed, and subscribers are
 * called only then. Reads are coalesced: while one runs, more requests make one more read after it.
 */
export class StatusStore {
  #snapshot: TerminalStatus = INITIAL_STATUS;
  readonly #subscribers = new Set<() => void>();
  #reading: Promise<void> | undefined;
  #again = false;

  readonly #read: () => Promise<TerminalStatus>;
  readonly #onSubscriberError: (error: unknown) => void;

  constructor(read: () => Promise<TerminalStatus>, onSubscriberError: (error: unknown) => void) {
    this.#read = read;
    this.#onSubscriberError = onSubscriberError;
  }

  /** Calls `onChange` whenever the snapshot changes; returns the function that unsubscribes. */
  readonly subscribe = (onChange: () => void): (() => void) => {
    this.#subscribers.add(onChange);
    return () => this.#subscribers.delete(onChange);
  };

  /** The last status read, synchronously (the same object until something changed). */
  readonly getSnapshot = (): TerminalStatus => this.#snapshot;

  /** Takes a status read elsewhere (the `status` event's). */
  set(status: TerminalStatus): void {
    if (sameStatus(status, this.#snapshot)) return;
    this.#snapshot = status;
    for (const onChange of [...this.#subscribers]) {
      try {
        onChange();
      } catch (error) {
        this.#onSubscriberError(error);
      }
    }
  }

  /**
   * Reads the status again soon (an intent was written or settled); a failed read changes
   * nothing. Only while someone is subscribed: a till that never asks for the snapshot pays
   * no extra reads on its writes.
   */
  refresh(): Promise<void> {
    if (this.#subscribers.size === 0) return Promise.resolve();
    if (this.#reading) {
      this.#again = true;
      return this.#reading;
    }
    const reading = (async () => {
      do {
        this.#again = false;
        try {
          this.set(await this.#read());
        } catch {
          // closing, or the database failed: the next change reads again
        }
      } while (this.#again);
    })().finally(() => {
      this.#reading = undefined;
    });
    this.#reading = reading;
    return reading;
  }
}

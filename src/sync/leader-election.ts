import type { TerminalDatabase } from '../store/terminal-database.js';

/**
 * Decides which of the terminal objects sharing one IndexedDB database (tabs, windows)
 * runs the sync loop. Only the leader pushes and pulls; the others write intents and
 * nudge it. Exactly-once never depends on this: the ledger deduplicates intent ids and
 * settling an intent twice is a no-op, so a brief overlap costs a request, not a point.
 */
export interface LeaderElection {
  /** Whether this object leads now (taking the lead when it is free). */
  tryLead(): Promise<boolean>;
  /** Gives up the lead, so another object can take it at once. */
  release(): Promise<void>;
}

interface Lease {
  readonly owner: string;
  readonly expiresAt: number;
}

/**
 * Leadership as a lease row in the database, for platforms without Web Locks: the leader
 * renews it every round; a crashed leader's lease runs out after `leaseMs`.
 */
export class LeaseElection implements LeaderElection {
  constructor(
    readonly db: TerminalDatabase,
    readonly owner: string,
    readonly leaseMs: number,
    readonly now: () => number,
  ) {}

  async tryLead(): Promise<boolean> {
    return this.db.transaction('rw', ['meta'], async (tx) => {
      const lease = (await tx.meta.get('leader'))?.value as Lease | undefined;
      const at = this.now();
      if (lease && lease.owner !== this.owner && lease.expiresAt > at) return false;
      await tx.meta.put({ key: 'leader', value: { owner: this.owner, expiresAt: at + this.leaseMs } satisfies Lease });
      return true;
    });
  }

  async release(): Promise<void> {
    await this.db.transaction('rw', ['meta'], async (tx) => {
      const lease = (await tx.meta.get('leader'))?.value as Lease | undefined;
      if (lease?.owner === this.owner) await tx.meta.delete('leader');
    });
  }
}

/** The part of the Web Locks API this uses. */
export interface LockManagerLike {
  request(name: string, options: { ifAvailable?: boolean; signal?: AbortSignal }, callback: (lock: unknown) => Promise<void>): Promise<unknown>;
}

/**
 * Leadership as a Web Lock held for as long as this object lives: the browser hands it
 * to a waiting tab the moment the leader closes or its tab dies.
 */
export class WebLockElection implements LeaderElection {
  #held = false;
  #waiting: AbortController | undefined;
  #release: (() => void) | undefined;

  constructor(
    readonly locks: LockManagerLike,
    readonly name: string,
    /** Called when the lead arrives later, after a first `tryLead` said no. */
    readonly onLead: () => void,
  ) {}

  #hold(lock: unknown): Promise<void> | undefined {
    if (!lock) return undefined;
    this.#held = true;
    return new Promise<void>((resolve) => {
      this.#release = () => {
        this.#held = false;
        resolve();
      };
    });
  }

  async tryLead(): Promise<boolean> {
    if (this.#held) return true;
    const got = await new Promise<boolean>((resolve) => {
      void this.locks.request(this.name, { ifAvailable: true }, async (lock) => {
        const held = this.#hold(lock);
        resolve(held !== undefined);
        await held;
      });
    });
    if (!got && !this.#waiting) {
      const waiting = new AbortController();
      this.#waiting = waiting;
      this.locks
        .request(this.name, { signal: waiting.signal }, async (lock) => {
          this.#waiting = undefined;
          const held = this.#hold(lock);
          this.onLead();
          await held;
        })
        .catch(() => {}); // aborted on release
    }
    return got;
  }

  async release(): Promise<void> {
    this.#waiting?.abort();
    this.#waiting = undefined;
    this.#release?.();
    this.#release = undefined;
  }
}

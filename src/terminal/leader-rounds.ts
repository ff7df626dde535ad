import type { Timers } from '../sync/timers.js';
import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import type { SyncReport } from './events.js';
import { Waiter, parseWaitOptions, type WaitOptions } from './waiter.js';

/** `terminal.sync()`'s options. */
export interface SyncOptions {
  /** On a follower tab: wait for the leader tab's next finished round and answer its figures. @default false */
  readonly waitForLeader?: boolean;
  /** With `waitForLeader`: milliseconds before giving up with `timeout`. @default 30000 */
  readonly timeout?: number;
}

/** Checks `sync()`'s options, throwing `invalid_argument`. */
export function parseSyncOptions(options: unknown): { readonly waitForLeader: boolean } & WaitOptions {
  const { timeout } = parseWaitOptions(options, 'sync options');
  const waitForLeader = (options as SyncOptions | undefined)?.waitForLeader;
  if (waitForLeader !== undefined && typeof waitForLeader !== 'boolean') {
    throw new TillpointsError(ERROR_CODES.invalidArgument, 'invalid sync options: waitForLeader must be a boolean');
  }
  return { waitForLeader: waitForLeader ?? false, timeout };
}

/** How long a follower waits for the leader's round when `sync({ waitForLeader })` names no timeout. */
export const DEFAULT_LEADER_WAIT_MS = 30_000;

/**
 * A follower tab's waits for the leader tab's rounds (`sync({ waitForLeader: true })`): the
 * leader announces each finished round over the tab channel, and a wait ends with the first
 * round that started after it began, so the round includes what this tab wrote before.
 */
export class LeaderRounds {
  readonly #timers: Timers;
  readonly #waits = new Map<Waiter<SyncReport>, number>();

  constructor(timers: Timers) {
    this.#timers = timers;
  }

  /** The leader's next round that starts at `after` or later (shared clock), as this tab's report. */
  next(after: number, options: WaitOptions): Promise<SyncReport> {
    const waiter = new Waiter<SyncReport>(this.#timers, { ...options, timeout: options.timeout ?? DEFAULT_LEADER_WAIT_MS }, "waiting for the leader tab's sync round");
    if (waiter.done) return waiter.promise;
    this.#waits.set(waiter, after);
    waiter.onEnd(() => this.#waits.delete(waiter));
    return waiter.promise;
  }

  /** A round of the leader tab finished. */
  heard(startedAt: number, report: SyncReport): void {
    for (const [waiter, after] of this.#waits) {
      if (startedAt >= after) waiter.resolve({ ...report, leader: false, waited: true });
    }
  }

  /** Ends every wait with `closed`. */
  close(): void {
    for (const waiter of [...this.#waits.keys()]) waiter.reject(new TillpointsError(ERROR_CODES.closed, "the terminal was closed while waiting for the leader tab's round"));
  }
}

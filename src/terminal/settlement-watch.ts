import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import type { Balance } from '../store/balance-view.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { Timers } from '../sync/timers.js';
import type { Emitter, TerminalEvents } from './events.js';
import { storedIntent } from './intent-lookup.js';
import { outcomeOf, type IntentOutcome } from './intent-outcome.js';
import { Waiter, type WaitOptions } from './waiter.js';

/** What the watch reads: the local database, the terminal's events and a member's balance now. */
export interface SettlementWatchContext {
  readonly db: TerminalDatabase;
  readonly events: Emitter<TerminalEvents>;
  readonly timers: Timers;
  readonly balanceOf: (memberId: string) => Promise<Balance>;
}

/**
 * The terminal's waits on single intents (`whenSettled`). A wait ends when the intent's
 * record shows an outcome: it is read again when this terminal settles the intent (an
 * `intent` event), and on `recheck()` (another tab's sync round may have settled it).
 */
export class SettlementWatch {
  readonly #c: SettlementWatchContext;
  readonly #waits = new Map<Waiter<IntentOutcome>, string>();

  constructor(context: SettlementWatchContext) {
    this.#c = context;
    context.events.on('intent', (e) => {
      if (e.status === 'pending') return;
      for (const [waiter, intentId] of this.#waits) if (intentId === e.intentId) void this.#check(waiter, intentId);
    });
  }

  /** See `Terminal.whenSettled`. */
  whenSettled(intentId: string, options: WaitOptions): Promise<IntentOutcome> {
    const waiter = new Waiter<IntentOutcome>(this.#c.timers, options, `waiting for intent ${intentId}`);
    if (waiter.done) return waiter.promise;
    this.#waits.set(waiter, intentId);
    waiter.onEnd(() => this.#waits.delete(waiter));
    // Listening before the first read: a settle between the read and the listening is not missed.
    void this.#check(waiter, intentId);
    return waiter.promise;
  }

  /** Reads every waited intent again (another tab may have settled it). */
  recheck(): void {
    for (const [waiter, intentId] of this.#waits) void this.#check(waiter, intentId);
  }

  /** Ends every wait with `closed`. */
  close(): void {
    for (const waiter of [...this.#waits.keys()]) waiter.reject(new TillpointsError(ERROR_CODES.closed, 'the terminal was closed while waiting for an intent'));
  }

  async #check(waiter: Waiter<IntentOutcome>, intentId: string): Promise<void> {
    try {
      const intent = await storedIntent(this.#c.db, intentId);
      if (waiter.done) return;
      if (!intent) {
        waiter.reject(new TillpointsError(ERROR_CODES.intentNotFound, `intent ${intentId} is not in this till's records (never made here, or pruned)`));
        return;
      }
      if (intent.state === 'pending') return;
      const outcome = outcomeOf(intent, await this.#c.balanceOf(intent.memberId));
      if (outcome) waiter.resolve(outcome);
    } catch (error) {
      if (!waiter.done) waiter.reject(new TillpointsError(ERROR_CODES.storage, `intent ${intentId} could not be read`, { cause: error }));
    }
  }
}

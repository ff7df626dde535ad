import type { CommitSignal } from '../sql/commit-signal.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import { claimDueDeliveries, hasLiveSubscription, nextDueAt, recordDelivered, recordFailed, type ClaimedDelivery } from './delivery-store.js';
import { decideRetry } from './retry-decision.js';
import { WebhookDeadLetterError } from './webhook-dead-letter-error.js';
import type { ResolvedWebhookOptions } from './webhook-options.js';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';

/** What the deliverer needs from its ledger. */
export interface WebhookDelivererParts {
  /** The database as opened: the deliverer's own bookkeeping wakes nobody. */
  readonly db: SqlDatabase;
  readonly commits: CommitSignal;
  readonly now: () => Date;
  readonly random: () => number;
  readonly onError: (error: unknown) => void;
  readonly options: ResolvedWebhookOptions;
}

// A lease outlives the attempt's timeout, so a live deliverer is never overtaken by another.
const LEASE_MARGIN_MS = 30_000;
// Rounds of claims one wake may run before it yields to the next wake.
const MAX_ROUNDS = 64;

const iso = (ms: number) => new Date(ms).toISOString();

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error instanceof Error ? `${error.message}${cause}` : String(error);
}

/**
 * Sends the outbox's webhook deliveries. States, in one place:
 * - idle: no subscription is live; commits are ignored (the subscriptions are looked at again
 *   when an admin changes them, or a commit comes `pollMs` after the last look); no timer runs;
 * - pumping: woken by a commit, a finished delivery or its timer, it claims due heads (one per
 *   member and subscription, up to `concurrency` in flight) and starts sending them; wakes
 *   during a pump are coalesced into one more pump;
 * - waiting: its one timer is set for the next retry or lease end, at most `pollMs` away;
 * - closed: timers cleared, sends in flight aborted (their leases run out; a later ledger sends
 *   them again, with the same event id).
 */
export class WebhookDeliverer {
  readonly #parts: WebhookDelivererParts;
  readonly #inflight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  #pumping: Promise<void> | undefined;
  #again = false;
  #closed = false;
  #timer: unknown;
  #live: boolean | undefined;
  #checkedAt = Number.NEGATIVE_INFINITY;
  readonly #unsubscribe: () => void;

  constructor(parts: WebhookDelivererParts) {
    this.#parts = parts;
    this.#unsubscribe = parts.commits.subscribe(() => this.wake());
  }

  /** Subscriptions were made, enabled or replayed: look again now. */
  subscriptionsChanged(): void {
    this.#live = undefined;
    this.wake();
  }

  /** Runs a pump now, or once more after the running one. */
  wake(): void {
    if (this.#closed) return;
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = this.#pump()
      .catch((error: unknown) => this.#parts.onError(error))
      .finally(() => {
        this.#pumping = undefined;
        if (this.#again) {
          this.#again = false;
          this.wake();
        }
      });
  }

  /** Resolves once no pass is running and no send is in flight (a send waiting on a receiver keeps it pending). */
  async settled(): Promise<void> {
    for (let round = 0; round < 10_000 && (this.#pumping || this.#inflight.size > 0); round++) {
      await this.#pumping;
      await Promise.all([...this.#inflight.values()].map((s) => s.done));
    }
  }

  /** Stops: no new sends, the ones in flight aborted and awaited. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe();
    this.#clearTimer();
    for (const { controller } of this.#inflight.values()) controller.abort(new Error('the ledger is closing'));
    await this.#pumping;
    await Promise.all([...this.#inflight.values()].map((s) => s.done));
  }

  async #pump(): Promise<void> {
    const { db, now, options } = this.#parts;
    if (this.#live !== true) {
      if (this.#live === false && now().getTime() - this.#checkedAt < options.pollMs) return;
      this.#checkedAt = now().getTime();
      this.#live = await hasLiveSubscription(db);
      if (!this.#live) return this.#clearTimer();
    }
    for (let round = 0; round < MAX_ROUNDS && !this.#closed; round++) {
      const free = options.concurrency - this.#inflight.size;
      if (free <= 0) break;
      const at = now().getTime();
      const claimed = await claimDueDeliveries(db, iso(at), iso(at + options.timeoutMs + LEASE_MARGIN_MS), free);
      for (const delivery of claimed) this.#send(delivery);
      if (claimed.length < free) break;
    }
    if (this.#closed) return;
    const due = await nextDueAt(db);
    // A head due now that was not taken waits for a free slot (a send finishing wakes) or the poll.
    const wait = due !== undefined && due > now().getTime() ? Math.min(due - now().getTime(), options.pollMs) : options.pollMs;
    this.#clearTimer();
    if (!this.#closed) {
      this.#timer = options.timers.setTimeout(() => {
        this.#timer = undefined;
        this.wake();
      }, Math.max(1, wait));
    }
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#parts.options.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #send(delivery: ClaimedDelivery): void {
    const key = `${delivery.subscriptionId}:${delivery.position}`;
    const controller = new AbortController();
    const done = this.#attempt(delivery, controller)
      .catch((error: unknown) => this.#parts.onError(error))
      .finally(() => {
        this.#inflight.delete(key);
        this.wake();
      });
    this.#inflight.set(key, { controller, done });
  }

  async #attempt(delivery: ClaimedDelivery, controller: AbortController): Promise<void> {
    const { db, now, random, onError, options } = this.#parts;
    const failure = await this.#post(delivery, controller);
    if (this.#closed) return; // the lease runs out; whoever takes it next sends the same event id
    if (failure === undefined) return recordDelivered(db, delivery);
    const at = now().getTime();
    const next = decideRetry(delivery.attempts, Date.parse(delivery.firstAttemptAt), at, options, random);
    if ('dead' in next) {
      await recordFailed(db, delivery, failure, { deadAt: iso(at) });
      onError(new WebhookDeadLetterError(delivery.subscriptionId, delivery.eventId, delivery.attempts, failure));
    } else {
      await recordFailed(db, delivery, failure, { retryAt: iso(next.retryAt) });
    }
  }

  /** POSTs one delivery, signed; undefined when the receiver answered 2xx, else why it failed. */
  async #post(delivery: ClaimedDelivery, controller: AbortController): Promise<string | undefined> {
    const { now, options } = this.#parts;
    let timedOut = false;
    const timeout = options.timers.setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, options.timeoutMs);
    try {
      const timestamp = Math.floor(now().getTime() / 1000);
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'tillpoints-ledger',
          [SIGNATURE_HEADER]: signWebhook(delivery.secret, timestamp, delivery.body),
          [EVENT_ID_HEADER]: delivery.eventId,
        },
        body: delivery.body,
        signal: controller.signal,
        redirect: 'manual',
      });
      await response.arrayBuffer(); // read to the end, so the connection is kept for the next delivery
      return response.status >= 200 && response.status < 300 ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      return timedOut ? `no answer within ${options.timeoutMs} ms` : describe(error);
    } finally {
      options.timers.clearTimeout(timeout);
    }
  }
}

import type { PushRejectionReason } from '../policy/rejection-reasons.js';
import type { IntentKind } from '../protocol/index.js';
import type { Balance } from '../store/balance-view.js';
import type { QuarantinedIntent } from '../store/quarantined-view.js';
import type { AllowanceView } from './allowances.js';

/**
 * An intent changed state: made (`pending`, also when staff retry a quarantined one),
 * settled by the ledger (`confirmed`, `rejected`), found broken (`quarantined`, see the
 * `quarantine` event for why) or given up by staff (`voided`).
 */
export interface IntentEvent {
  readonly intentId: string;
  readonly kind: IntentKind;
  readonly memberId: string;
  /** As on the wire: positive, except adjustments which are signed. */
  readonly points: number;
  readonly status: 'pending' | 'confirmed' | 'rejected' | 'quarantined' | 'voided';
  /** A rejection's reason: the protocol's, or a newer ledger's this SDK does not know. */
  readonly reason?: PushRejectionReason;
}

/**
 * A broken intent left the queue, or staff acted on one. Kept apart from `conflict`: a
 * conflict is the ledger's business verdict (the points were spent elsewhere) for the
 * cashier; a quarantine is an intent the ledger cannot read as stored (malformed, too big),
 * for staff and support. The rest of the queue flows meanwhile.
 * - `quarantined`: taken out of the queue; its points still show as pending.
 * - `retried`: staff put it back in the queue, unchanged.
 * - `voided`: staff gave it up; its points left the provisional balance (a `balance` event follows).
 */
export interface QuarantineEvent {
  readonly change: 'quarantined' | 'retried' | 'voided';
  readonly intent: QuarantinedIntent;
}

/** The ledger refused an intent the till showed as provisional: what happened and what to do. */
export interface ConflictEvent {
  readonly intentId: string;
  readonly kind: IntentKind;
  readonly memberId: string;
  readonly points: number;
  /** The protocol's reason, or a newer ledger's this SDK does not know (then `action` is a generic one). */
  readonly reason: PushRejectionReason;
  readonly message: string;
  /** What the cashier should do, in words. */
  readonly action: string;
}

/**
 * The ledger applied an accrual with other points than the till showed, by the rule in the
 * README (the till's ruleset was not the one in force at the bill's time): a visible
 * adjustment, with its reason.
 */
export interface EarnAdjustmentEvent {
  readonly intentId: string;
  readonly memberId: string;
  readonly tillPoints: number;
  readonly ledgerPoints: number;
  readonly tillRulesetVersion: number | null;
  readonly rulesetVersion: number;
  readonly reason: string;
}

/** One finished sync round. */
export interface SyncReport {
  /** False when another tab leads and this round did nothing. */
  readonly leader: boolean;
  readonly pushed: number;
  readonly confirmed: number;
  readonly rejected: number;
  /** Intents taken out of the queue as broken this round (see the `quarantine` event). */
  readonly quarantined: number;
  /** Push requests used (a refused batch is narrowed down by halves: a few more). */
  readonly requests: number;
  /** Members whose confirmed balance a pull moved. */
  readonly pulled: number;
  readonly durationMs: number;
  /** On a follower tab's `sync({ waitForLeader: true })`: these are the leader tab's figures, waited for. */
  readonly waited?: boolean;
}

/** A listener of the terminal's events threw: which event, and what it threw. */
export interface ListenerErrorEvent {
  readonly event: string;
  readonly error: unknown;
}

/**
 * A member enrolled at this till turned out to hold a phone number (or card) the ledger
 * already knew: the ledger merged the id made here (`from`) into that member (`into`), and
 * applied the bills made for `from` to them. Balances and lookups of `from` now show `into`.
 */
export interface MemberMergedEvent {
  readonly from: string;
  readonly into: string;
}

/** What the terminal tells a UI, by event name. */
export interface TerminalEvents {
  balance: Balance;
  intent: IntentEvent;
  sync: SyncReport;
  status: TerminalStatus;
  conflict: ConflictEvent;
  quarantine: QuarantineEvent;
  adjustment: EarnAdjustmentEvent;
  /** The ledger granted (or renewed) an allowance to this till: the member can redeem offline within it. */
  allowance: AllowanceView;
  /** A member id enrolled here was merged into another member at the ledger. */
  member_merged: MemberMergedEvent;
  /** A newer earning ruleset arrived; checkouts use it from now on. */
  ruleset: { readonly version: number; readonly effectiveFrom: string };
  /**
   * A listener threw (the till's bookkeeping went on). A throwing `error` listener, or a
   * throw with no `error` listener at all, goes to the `onListenerError` option.
   */
  error: ListenerErrorEvent;
}

/** The last failure of the sync engine. */
export interface SyncError {
  readonly code: string;
  readonly message: string;
  readonly at: number;
}

/** The till's connection to the ledger and its outbox, at a glance. */
export interface TerminalStatus {
  /** Whether the last request reached the ledger; null before the first one. */
  readonly online: boolean | null;
  /** Intents waiting to be sent or answered (quarantined ones are not counted: see `quarantined`). */
  readonly queueDepth: number;
  /** Age of the oldest of them, or 0. */
  readonly oldestPendingAgeMs: number;
  /** When the last successful round ended, or null. */
  readonly lastSyncAt: number | null;
  readonly lastError: SyncError | null;
  /** Refused intents the cashier has not acknowledged yet. */
  readonly conflicts: number;
  /** Broken intents out of the queue, waiting for staff to retry or void them. */
  readonly quarantined: number;
  /** Whether this object runs the sync loop for its database. */
  readonly leader: boolean;
  /**
   * Whether this tab holds the live stream from the ledger now (`liveStream` option): changes
   * made elsewhere arrive as they commit. False on a follower tab, with the stream off, or while
   * it is down (then the till pulls at `pullIntervalMs` and reconnects with backoff).
   */
  readonly live: boolean;
  /**
   * Which incarnation of its terminal this database is: `unregistered` (started empty, not
   * yet registered at the ledger: nothing is sent until it is), `registered` (its intents are
   * numbered after `seqBase` on the wire), or `legacy` (numbered as before: data from an
   * older SDK, or a ledger older than incarnations).
   */
  readonly incarnation: {
    readonly state: 'unregistered' | 'registered' | 'legacy';
    readonly incarnationId: string | null;
    readonly seqBase: number | null;
  };
}

type Listener<T> = (value: T) => void;

/** Where a listener's throw goes when no `error` listener takes it. */
export const reportToConsole = (e: ListenerErrorEvent): void => console.error(`tillpoints: a listener of '${e.event}' threw`, e.error);

/**
 * A small typed event emitter: `on` and `once` return the function that unsubscribes. A
 * listener that throws never breaks the emitting code: the throw is emitted as an `error`
 * event (when the events have one and someone listens), else handed to `onListenerError`.
 */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();
  readonly #onListenerError: (e: ListenerErrorEvent) => void;

  constructor(onListenerError: (e: ListenerErrorEvent) => void = reportToConsole) {
    this.#onListenerError = onListenerError;
  }

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  /** Like `on`, for the next event only. */
  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const off = this.on(event, (value) => {
      off();
      listener(value);
    });
    return off;
  }

  emit<K extends keyof Events>(event: K, value: Events[K]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (listener as Listener<Events[K]>)(value);
      } catch (error) {
        this.#report({ event: String(event), error });
      }
    }
  }

  #report(e: ListenerErrorEvent): void {
    const errorListeners = this.#listeners.get('error' as keyof Events);
    if (e.event !== 'error' && errorListeners && errorListeners.size > 0) {
      this.emit('error' as keyof Events, e as Events[keyof Events]);
      return;
    }
    try {
      this.#onListenerError(e);
    } catch {
      // The last resort threw too: the till's bookkeeping still goes on.
    }
  }
}

import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError, isTillpointsError } from '../errors/tillpoints-error.js';
import type { Balance } from '../store/balance-view.js';
import { memberHistory } from '../store/member-history.js';
import type { QuarantinedIntent } from '../store/quarantined-view.js';
import type { IntentRecord } from '../store/records.js';
import { withoutPin } from '../store/without-pin.js';
import type { AllowanceView } from './allowances.js';
import type { CheckoutArgs, CheckoutReceipt } from './checkout.js';
import { acknowledgeConflict, listConflicts, type Conflict } from './conflicts.js';
import { enrolMember, type EnrolArgs, type Enrolment } from './enrol-member.js';
import type { SyncReport, TerminalEvents, TerminalStatus } from './events.js';
import type { HeldPoints } from './held-points.js';
import { intentsOfBill, parseBillId, parseIntentId, storedIntent } from './intent-lookup.js';
import type { IntentOutcome } from './intent-outcome.js';
import type { IntentReceipt } from './intent-receipt.js';
import { parseSyncOptions, type SyncOptions } from './leader-rounds.js';
import { fetchMember, findMember, parseLookup, toMemberView, type MemberView } from './member-lookup.js';
import { parsePrefetchArgs, prefetchMembers, type Prefetched } from './prefetch-members.js';
import { listQuarantined, retryQuarantinedIntent, voidQuarantinedIntent, type QuarantineDesk } from './quarantine-desk.js';
import type { AccrueArgs, AdjustArgs, HoldPointsArgs, LookupArgs, PrefetchAllowancesArgs, RedeemArgs, ReverseArgs } from './terminal-arguments.js';
import { resolveTerminalOptions, type TerminalOptions } from './terminal-options.js';
import { TerminalParts } from './terminal-parts.js';
import { parseWaitOptions, type WaitOptions } from './waiter.js';

export type { MemberView } from './member-lookup.js';
export type { IntentReceipt } from './intent-receipt.js';
export type { Enrolment } from './enrol-member.js';

const MEMBER_ID_MAX = 64;

/**
 * The terminal SDK a POS embeds. Answers from IndexedDB at once, whatever the network
 * does; keeps every intent in a durable outbox; syncs with the ledger in the background.
 * Create with {@link createTerminal}, then `await start()`: every operation on a terminal
 * never started throws `not_started` (one made while `start()` runs waits for it); `on`,
 * `once`, `subscribeStatus`, `getStatusSnapshot`, `start` and `close` work at any time.
 */
export class Terminal {
  readonly #p: TerminalParts;

  constructor(options: TerminalOptions) {
    this.#p = new TerminalParts(resolveTerminalOptions(options), options.random);
  }

  /**
   * Opens the local database and, with `autoSync`, starts the sync loop. Call it once before
   * anything else (a second call answers the first's outcome); operations made meanwhile wait for it.
   */
  async start(): Promise<void> {
    await this.#p.life.start(() => this.#p.open());
    await this.#p.refreshStatus();
  }

  /** Stops syncing, hands the lead to another tab and closes the local database. Pending intents stay queued; waits end with `closed`. */
  async close(): Promise<void> {
    if (await this.#p.life.close()) await this.#p.shutdown();
  }

  /** Subscribes to an event; returns the function that unsubscribes. A listener that throws is reported (the `error` event), never breaks the till. */
  on<K extends keyof TerminalEvents>(event: K, listener: (value: TerminalEvents[K]) => void): () => void {
    return this.#p.events.on(event, listener);
  }

  /** Subscribes to the next event only; returns the function that unsubscribes before it comes. */
  once<K extends keyof TerminalEvents>(event: K, listener: (value: TerminalEvents[K]) => void): () => void {
    return this.#p.events.once(event, listener);
  }

  /**
   * Calls `onChange` whenever the status snapshot changes; returns the function that
   * unsubscribes. With {@link getStatusSnapshot}, made for React (both may be passed unbound):
   *
   * @example
   * const status = useSyncExternalStore(till.subscribeStatus, till.getStatusSnapshot);
   */
  readonly subscribeStatus = (onChange: () => void): (() => void) => {
    const unsubscribe = this.#p.statusStore.subscribe(onChange);
    void this.#p.refreshStatus(); // the snapshot is kept fresh only while subscribed: catch up now
    return unsubscribe;
  };

  /**
   * The till's status as last read, synchronously: the same object until something changed
   * (an intent written or settled, a sync round, a conflict or quarantine dealt with). Before
   * the first read, an initial status (online null, queueDepth 0...). `oldestPendingAgeMs` is
   * as of that read. Kept fresh while a subscriber listens ({@link subscribeStatus}); `status()`
   * and each sync round update it too.
   */
  readonly getStatusSnapshot = (): TerminalStatus => this.#p.statusStore.getSnapshot();

  /**
   * A member's balance from IndexedDB alone: never waits on the network. For a member this
   * till holds no record of, answers `known: false` (with 0s that a UI must show as "unknown").
   */
  async getBalance(memberId: string): Promise<Balance> {
    if (typeof memberId !== 'string' || memberId.length === 0 || memberId.length > MEMBER_ID_MAX) {
      throw new TillpointsError(ERROR_CODES.invalidArgument, 'memberId must be a non-empty string of at most 64 characters');
    }
    await this.#p.life.ready();
    return this.#p.balanceOf(memberId);
  }

  /**
   * Warms the cache with many members in one go (before a shift, or for a store's regulars),
   * so their balances show offline: one ledger pull per 5000 ids. A member the till did not
   * hold is cached with balance, tier and earn state (name, card and phone come with a
   * lookup). Answers which ids the ledger knows and which it does not; throws the network's
   * or ledger's error (members of earlier requests stay cached).
   */
  async prefetch(args: { readonly memberIds: readonly string[] }): Promise<Prefetched> {
    const memberIds = parsePrefetchArgs(args);
    await this.#p.life.ready();
    const { found, missing, members } = await prefetchMembers({ db: this.#p.db, client: this.#p.client, now: this.#p.o.now }, memberIds);
    for (const m of members) this.#p.events.emit('balance', this.#p.view(m));
    return { found, missing };
  }

  /**
   * Finds a member by id, card or phone. From the cache at once when there; otherwise from
   * the ledger (and cached). A cached answer is refreshed from the ledger in the background,
   * and the `balance` event tells when it changed.
   */
  async lookupMember(lookup: LookupArgs): Promise<MemberView> {
    const query = parseLookup(lookup);
    await this.#p.life.ready();
    const { member, source } = await findMember(this.#p.db, this.#p.client, query, this.#p.o.now);
    if (source === 'cache') {
      void fetchMember(this.#p.db, this.#p.client, query, this.#p.o.now())
        .then(async (stored) => {
          this.#p.events.emit('balance', this.#p.view(stored));
          if (this.#p.life.running) await this.#p.redemptions.allowanceFor(stored.memberId);
        })
        .catch(() => {});
      return toMemberView(member, this.#p.view(member), source);
    }
    await this.#p.redemptions.allowanceFor(member.memberId);
    const fresh = (await this.#p.db.members.get(member.memberId)) ?? member;
    return toMemberView(fresh, this.#p.view(fresh), source);
  }

  /**
   * Records points earned on a bill; answers as soon as the intent and the new balance are stored.
   * Throws `member_not_found` (nothing written) for a member this till has never seen, when the
   * ledger does not know them or does not answer within `memberDeadlineMs`: enrol new customers.
   */
  async accrue(args: AccrueArgs): Promise<IntentReceipt> {
    await this.#p.life.ready();
    return this.#p.writer.accrue(args);
  }

  /**
   * Enrols a customer at the counter, online or offline. When the phone number (or card)
   * already belongs to a member (in this till's cache, or at the ledger when it answers within
   * `memberDeadlineMs`), answers with that member and enrols no one. Otherwise makes a member id
   * here (`m-` + a ULID), stores the enrolment with the member's local record in one
   * transaction, and answers at once: bills for the new member can be taken right away, and
   * the first one earns as a first visit. The ledger creates the member once; if it finds the
   * phone number already held (two tills enrolled the customer offline), it merges this id into
   * that member and the till says so with a `member_merged` event.
   *
   * @example
   * const { memberId } = await terminal.enrol({ phone: '98765 43210', name: 'Asha', consents: ['loyalty_terms'] });
   */
  async enrol(args: EnrolArgs): Promise<Enrolment> {
    await this.#p.life.ready();
    const found = await enrolMember(
      { db: this.#p.db, client: this.#p.client, deadlineMs: this.#p.o.memberDeadlineMs, now: this.#p.o.now, nextId: this.#p.nextId },
      args,
    ).catch((error: unknown) => {
      if (isTillpointsError(error)) throw error;
      throw new TillpointsError(ERROR_CODES.storage, 'the enrolment could not be stored; nothing was written', { cause: error });
    });
    const balance = this.#p.view(found.member);
    if (found.intent) this.#p.writer.announce([found.intent], balance);
    return {
      ...toMemberView(found.member, balance, found.source === 'ledger' ? 'ledger' : 'cache'),
      enrolled: found.intent !== undefined,
      intentId: found.intent?.intentId ?? null,
    };
  }

  /**
   * Records points spent. Online, a hold is placed at the ledger first (waiting at most
   * `holdDeadlineMs`) and the redemption captures it (basis `hold`); without an answer in time,
   * the store's offline policy decides (`deny`: `offline_redemption_denied`; `allowance`: within
   * this till's allowance for the member, else `allowance_unavailable`; `limit`: within the
   * caps, else `offline_limit_exceeded`), or a manager's `approval` overrides it. A member this
   * till has never seen is looked up first (like `accrue`, within `memberDeadlineMs`): refused
   * with `member_not_found` when the ledger does not know them or cannot be asked now, and with
   * `insufficient_points` beyond the real balance; nothing is written then. The ledger may still refuse it later (a `conflict` event).
   */
  async redeem(args: RedeemArgs): Promise<IntentReceipt> {
    await this.#p.life.ready();
    return this.#p.redemptions.redeem(args);
  }

  /**
   * Holds a member's points at the ledger for a bill in progress: they leave the available
   * balance at once. Pay with `checkout({ ..., holdId, redeemPoints })` (at most what is held;
   * the rest goes back), or give them back with {@link releaseHold}; the ledger releases an
   * unused hold when it expires. Needs the ledger: throws `network` when it does not answer
   * in time (redeem at checkout then: the offline policy decides), `member_not_found`,
   * `insufficient_points`.
   */
  async holdPoints(args: HoldPointsArgs): Promise<HeldPoints> {
    await this.#p.life.ready();
    return this.#p.redemptions.holdPoints(args);
  }

  /**
   * Gives back a hold of this till whose bill was cancelled. Best effort: offline, the void is
   * sent at the next sync round (and the ledger's expiry releases it anyway). Throws
   * `hold_not_found` for a hold that is not open here.
   */
  async releaseHold(holdId: string): Promise<Balance> {
    await this.#p.life.ready();
    return this.#p.redemptions.releaseHold(holdId);
  }

  /**
   * Asks the ledger, in one call, for allowances for the store's `frequent` most frequent
   * members and/or the members named, so they can redeem here offline (policy `allowance`).
   * Members this till had not cached are cached. Answers the allowances granted; throws the
   * network's or ledger's error (nothing is changed then).
   */
  async prefetchAllowances(args: PrefetchAllowancesArgs): Promise<AllowanceView[]> {
    await this.#p.life.ready();
    return this.#p.redemptions.prefetchAllowances(args);
  }

  /** Records a return of an earlier accrual (takes its points back) or redemption (gives them back). */
  async reverse(args: ReverseArgs): Promise<IntentReceipt> {
    await this.#p.life.ready();
    return this.#p.writer.reverse(args);
  }

  /**
   * A bill at the counter: earns it by the till's ruleset (offline too), and stores the
   * redemption (if `redeemPoints`), the accrual with its per-line points, and the member's new
   * balance and tier in ONE local transaction. Answers with the points earned and spent, the
   * balance after, the tier progress and every point explained. The ledger confirms the same
   * points when the till's ruleset was current (see the README for when it does not). A member
   * this till has never seen is looked up first, as for `redeem`.
   */
  async checkout(args: CheckoutArgs): Promise<CheckoutReceipt> {
    await this.#p.life.ready();
    return this.#p.writer.checkout(args);
  }

  /** The earning ruleset this till computes with (pulled from the ledger, kept offline), if any. */
  get rulesetVersion(): number | null {
    return this.#p.rules?.version ?? null;
  }

  /**
   * Records a manager's correction; a debit cannot exceed the provisional available balance.
   * Pass `approval` (the manager's id and PIN) for a ledger that requires it, as the
   * reference ledger does; the PIN is sent with the intent and cleared from this till once
   * the ledger confirms or refuses it (or staff void it).
   *
   * @example
   * await terminal.adjust({ memberId: 'asha', points: 50, reason: 'missed bill', approvedBy: 'Meera', approval: { managerId: 'meera', pin: '246810' } });
   */
  async adjust(args: AdjustArgs): Promise<IntentReceipt> {
    await this.#p.life.ready();
    return this.#p.writer.adjust(args);
  }

  /**
   * Waits for one intent's outcome: `applied`, `adjusted` (applied with other points than the
   * till showed), `rejected` or `quarantined`, with the member's balance then; at once when it
   * is settled already. Settled by this tab or by the leader tab. Rejects `intent_not_found`,
   * `timeout` (after `timeout` ms), `aborted` (`signal`) or `closed`; never changes anything.
   *
   * @example
   * const { status } = await till.whenSettled(receipt.intentId, { timeout: 10_000 });
   * if (status === 'applied') print('points confirmed');
   */
  async whenSettled(intentId: string, options?: WaitOptions): Promise<IntentOutcome> {
    const id = parseIntentId(intentId);
    const wait = parseWaitOptions(options, 'whenSettled options');
    await this.#p.life.ready();
    return this.#p.settlements.whenSettled(id, wait);
  }

  /** One intent of this till's records by its id (never with a manager's PIN), or null (never made here, or pruned). */
  async intent(intentId: string): Promise<IntentRecord | null> {
    const id = parseIntentId(intentId);
    await this.#p.life.ready();
    const found = await storedIntent(this.#p.db, id);
    return found ? withoutPin(found) : null;
  }

  /** The intents of a bill this till still holds (its accrual, redemption, returns), oldest first, never with a manager's PIN. */
  async intentsOfBill(billId: string): Promise<IntentRecord[]> {
    const id = parseBillId(billId);
    await this.#p.life.ready();
    return intentsOfBill(this.#p.db, id);
  }

  /**
   * Runs a sync round now: push everything pending, then pull. Rejects with the round's error.
   * On a follower tab (another tab leads) it answers at once with `leader: false`, or, with
   * `waitForLeader`, nudges the leader and answers the leader's next finished round
   * (`waited: true`), or rejects `timeout` after `timeout` ms (default 30 s).
   */
  async sync(options?: SyncOptions): Promise<SyncReport> {
    const o = parseSyncOptions(options);
    await this.#p.life.ready();
    const after = this.#p.o.now();
    const report = await this.#p.engine.syncNow();
    if (report.leader || !o.waitForLeader) return report;
    const round = this.#p.leaderRounds.next(after, o);
    this.#p.channel.post({ type: 'intent' }); // the leader runs a round soon
    return round;
  }

  /** The till's connection and outbox at a glance, read now (see also {@link getStatusSnapshot}). */
  async status(): Promise<TerminalStatus> {
    await this.#p.life.ready();
    return this.#p.readStatus();
  }

  /** Intents the ledger refused that the cashier has not acknowledged. */
  async conflicts(): Promise<Conflict[]> {
    await this.#p.life.ready();
    return listConflicts(this.#p.db);
  }

  /** Marks a conflict as dealt with. */
  async acknowledgeConflict(intentId: string): Promise<void> {
    await this.#p.life.ready();
    await acknowledgeConflict(this.#p.db, intentId);
    await this.#p.emitStatus();
  }

  /**
   * Intents taken out of the queue because they are broken (the ledger cannot read them as
   * stored, or this till cannot send them), oldest first. Each still counts in its member's
   * provisional balance, is never pruned, and waits for staff to {@link retryQuarantined}
   * or {@link voidQuarantined} it. The rest of the queue flows meanwhile.
   */
  async quarantined(): Promise<QuarantinedIntent[]> {
    await this.#p.life.ready();
    return listQuarantined(this.#p.db);
  }

  /**
   * Puts a quarantined intent back in the queue after a fix (an SDK or ledger upgrade),
   * unchanged: same id, same content, sent in the next round. If it is still broken, it is
   * quarantined again. Throws `intent_not_found` or `not_quarantined`, changing nothing.
   */
  async retryQuarantined(intentId: string): Promise<void> {
    await this.#p.life.ready();
    await retryQuarantinedIntent(this.#desk(), intentId);
    this.#p.engine.nudge(true);
    this.#p.channel.post({ type: 'intent' });
    await this.#p.emitStatus();
  }

  /**
   * Gives up a quarantined intent, for `reason` (1 to 200 characters, kept with it): in one
   * local transaction its points leave the member's provisional balance, and it is never
   * sent again. Answers with the member's balance after. Throws `intent_not_found` or
   * `not_quarantined` (nothing changed), or `invalid_argument` for a missing reason.
   */
  async voidQuarantined(intentId: string, reason: string): Promise<Balance | null> {
    await this.#p.life.ready();
    const balance = await voidQuarantinedIntent(this.#desk(), intentId, reason);
    await this.#p.emitStatus();
    return balance;
  }

  #desk(): QuarantineDesk {
    return { db: this.#p.db, events: this.#p.events, now: this.#p.o.now, view: (m) => this.#p.view(m) };
  }

  /** The intents of a member this till still holds, newest first: the audit trail (never with a manager's PIN). */
  async history(memberId: string): Promise<IntentRecord[]> {
    await this.#p.life.ready();
    return memberHistory(this.#p.db, memberId);
  }
}

/**
 * Creates a terminal. Validates the options at once (throwing `invalid_options`); call
 * `start()` to open the database and begin syncing.
 *
 * @example
 * const terminal = createTerminal({ ledgerUrl, terminalId: 'till-1', storeId: 'mumbai-1', apiKey });
 * await terminal.start();
 * const { balance } = await terminal.accrue({ memberId: 'asha', points: 124, bill: { billId: 'B1', amountPaise: 124000 } });
 */
export function createTerminal(options: TerminalOptions): Terminal {
  return new Terminal(options);
}

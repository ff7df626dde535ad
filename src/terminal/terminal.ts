import { ERROR_CODES } from '../errors/error-codes.js';
import { parseOrThrow } from '../errors/from-zod.js';
import { TillpointsError, isTillpointsError } from '../errors/tillpoints-error.js';
import type { IntentDraft } from '../outbox/intent-draft.js';
import { memberHistory } from '../store/member-history.js';
import { intentIdFactory } from '../outbox/intent-id.js';
import { pointsOfLines } from '../outbox/points-of-lines.js';
import { writeIntent } from '../outbox/write-intent.js';
import { balanceView, type Balance } from '../store/balance-view.js';
import type { IntentRecord, MemberRecord } from '../store/records.js';
import { TerminalDatabase } from '../store/terminal-database.js';
import { decideIncarnationOnOpen } from '../store/till-incarnation.js';
import { chooseLeaderElection } from './choose-leader-election.js';
import { LedgerClient } from '../sync/ledger-client.js';
import { SyncEngine } from '../sync/sync-engine.js';
import { tillStatus } from './till-status.js';
import type { QuarantinedIntent } from '../store/quarantined-view.js';
import { listQuarantined, retryQuarantinedIntent, voidQuarantinedIntent, type QuarantineDesk } from './quarantine-desk.js';
import { Emitter, type SyncReport, type TerminalEvents, type TerminalStatus } from './events.js';
import { acknowledgeConflict, listConflicts, type Conflict } from './conflicts.js';
import { defaultConnectivity } from './default-connectivity.js';
import { runCheckout, type CheckoutArgs, type CheckoutReceipt } from './checkout.js';
import type { IntentReceipt } from './intent-receipt.js';
import { fetchMember, findMember, parseLookup, toMemberView, type MemberView } from './member-lookup.js';
import { enrolMember, type EnrolArgs, type Enrolment } from './enrol-member.js';
import { knownMemberId } from './known-member.js';
import { survivorOf } from './member-cache.js';
import { checkoutArgsSchema } from './checkout.js';
import { loadCachedRuleset, type CachedRuleset } from '../store/ruleset-cache.js';
import { openTabChannel, type TabChannel, type TabMessage } from './tab-channel.js';
import {
  accrueArgsSchema,
  adjustArgsSchema,
  reverseArgsSchema,
  type AccrueArgs,
  type AdjustArgs,
  type LookupArgs,
  type RedeemArgs,
  type ReverseArgs,
} from './terminal-arguments.js';
import { resolveTerminalOptions, type ResolvedTerminalOptions, type TerminalOptions } from './terminal-options.js';
import type { HoldPointsArgs, PrefetchAllowancesArgs } from './terminal-arguments.js';
import { tidyHolds } from '../sync/tidy-holds.js';
import type { AllowanceView } from './allowances.js';
import type { HeldPoints } from './held-points.js';
import { TillRedemptions } from './till-redemptions.js';

export type { MemberView } from './member-lookup.js';

export type { IntentReceipt } from './intent-receipt.js';
export type { Enrolment } from './enrol-member.js';

const MEMBER_ID_MAX = 64;


/**
 * The terminal SDK a POS embeds. Answers from IndexedDB at once, whatever the network
 * does; keeps every intent in a durable outbox; syncs with the ledger in the background.
 * Create with {@link createTerminal}.
 */
export class Terminal {
  readonly #o: ResolvedTerminalOptions;
  readonly #db: TerminalDatabase;
  readonly #client: LedgerClient;
  readonly #events = new Emitter<TerminalEvents>();
  readonly #engine: SyncEngine;
  readonly #nextId: () => string;
  readonly #channel: TabChannel;
  #unsubscribe: (() => void) | undefined;
  #pulledAt: number | null = null;
  #rules: CachedRuleset | undefined;
  #closed = false;
  readonly #redemptions: TillRedemptions;

  constructor(options: TerminalOptions) {
    this.#o = resolveTerminalOptions(options);
    const o = this.#o;
    this.#nextId = intentIdFactory(o.now, options.random);
    this.#db = new TerminalDatabase(o.databaseName, {
      ...(o.indexedDB ? { indexedDB: o.indexedDB } : {}),
      ...(o.IDBKeyRange ? { IDBKeyRange: o.IDBKeyRange } : {}),
    });
    // Whether this database started empty (a new incarnation) is settled before anything is written.
    decideIncarnationOnOpen(this.#db, this.#nextId);
    this.#client = new LedgerClient({
      ledgerUrl: o.ledgerUrl, terminalId: o.terminalId, storeId: o.storeId, apiKey: o.apiKey, timeoutMs: o.requestTimeoutMs,
      ...(o.fetch ? { fetch: o.fetch } : {}),
      timers: o.timers,
      now: o.now, // bounded authority: pushes carry the till's clock reading
    });
    this.#channel = o.tabChannel ?? openTabChannel(o.indexedDB!, o.databaseName);
    this.#engine = new SyncEngine({
      db: this.#db,
      client: this.#client,
      terminal: { terminalId: o.terminalId, storeId: o.storeId },
      leader: chooseLeaderElection(o, this.#db, this.#nextId(), () => this.#engine.nudge()),
      events: this.#events,
      batchSize: o.batchSize,
      pullIntervalMs: o.pullIntervalMs,
      retry: o.retry,
      retainSettledMs: o.retainSettledMs,
      staleAfterMs: o.staleAfterMs,
      now: o.now,
      random: o.random,
      timers: o.timers,
      onRoundEnd: () => void this.#emitStatus(),
      afterPull: () => tidyHolds({ db: this.#db, client: this.#client, now: o.now }),
      // The survivor of a merge (a member enrolled here whose phone the ledger knew): cached with their profile.
      refreshMember: (memberId) => fetchMember(this.#db, this.#client, { memberId }, this.#o.now()),
      onRuleset: (rules) => {
        this.#rules = rules;
        this.#events.emit('ruleset', { version: rules.version, effectiveFrom: rules.effectiveFrom });
      },
    });
    this.#redemptions = new TillRedemptions({
      db: this.#db, client: this.#client, events: this.#events, options: o, nextId: this.#nextId,
      view: (m) => this.#view(m), announce: (intents, balance) => this.#announce(intents, balance),
    });
    this.#events.on('sync', () => {
      this.#pulledAt = this.#engine.lastPullAt;
      if (this.#pulledAt !== null) this.#broadcast({ type: 'pulled', at: this.#pulledAt });
    });
  }

  #broadcast(message: TabMessage): void {
    this.#channel.post(message);
  }

  #guard(): void {
    if (this.#closed) throw new TillpointsError(ERROR_CODES.closed, 'the terminal is closed');
  }

  #view(member: MemberRecord): Balance {
    return balanceView(member, this.#o.now(), this.#o.staleAfterMs, this.#pulledAt);
  }

  /** Opens the local database and, with `autoSync`, starts the sync loop. */
  async start(): Promise<void> {
    this.#guard();
    try {
      await this.#db.open();
    } catch (cause) {
      throw new TillpointsError(ERROR_CODES.storage, 'the local database could not be opened', { cause });
    }
    this.#rules = await loadCachedRuleset(this.#db);
    this.#engine.holdsRuleset(this.#rules?.version);
    this.#channel.listen((message) => {
      if (message?.type === 'intent') this.#engine.nudge();
      else if (message?.type === 'pulled') this.#pulledAt = Math.max(this.#pulledAt ?? 0, message.at);
    });
    const connectivity = this.#o.connectivity ?? defaultConnectivity();
    this.#unsubscribe = connectivity?.subscribe((hint) => {
      if (hint === 'online') this.#engine.nudge(true);
      else void this.#emitStatus();
    });
    if (this.#o.autoSync) this.#engine.start();
  }

  /** Stops syncing, hands the lead to another tab and closes the local database. Pending intents stay queued. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe?.();
    await this.#engine.close();
    this.#channel.close();
    this.#db.close();
  }

  /** Subscribes to an event; returns the function that unsubscribes. */
  on<K extends keyof TerminalEvents>(event: K, listener: (value: TerminalEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  /**
   * A member's balance from IndexedDB alone: never waits on the network. Throws
   * `member_not_found` when this till has never seen the member (look them up first).
   */
  async getBalance(memberId: string): Promise<Balance> {
    if (typeof memberId !== 'string' || memberId.length === 0 || memberId.length > MEMBER_ID_MAX) {
      throw new TillpointsError(ERROR_CODES.invalidArgument, 'memberId must be a non-empty string of at most 64 characters');
    }
    this.#guard();
    // A member id enrolled here and merged into another member shows the survivor.
    const member = await survivorOf(this.#db, await this.#db.members.get(memberId));
    if (!member) throw new TillpointsError(ERROR_CODES.memberNotFound, `member ${memberId} is not in this till's cache`);
    return this.#view(member);
  }

  /**
   * Finds a member by id, card or phone. From the cache at once when there; otherwise from
   * the ledger (and cached). A cached answer is refreshed from the ledger in the background,
   * and the `balance` event tells when it changed.
   */
  async lookupMember(lookup: LookupArgs): Promise<MemberView> {
    const query = parseLookup(lookup);
    this.#guard();
    const { member, source } = await findMember(this.#db, this.#client, query, this.#o.now);
    if (source === 'cache') {
      void fetchMember(this.#db, this.#client, query, this.#o.now())
        .then(async (stored) => {
          this.#events.emit('balance', this.#view(stored));
          if (!this.#closed) await this.#redemptions.allowanceFor(stored.memberId);
        })
        .catch(() => {});
      return toMemberView(member, this.#view(member), source);
    }
    await this.#redemptions.allowanceFor(member.memberId);
    const fresh = (await this.#db.members.get(member.memberId)) ?? member;
    return toMemberView(fresh, this.#view(fresh), source);
  }

  /**
   * Records points earned on a bill; answers as soon as the intent and the new balance are stored.
   * Throws `member_not_found` (nothing written) for a member this till has never seen, when the
   * ledger does not know them or does not answer within `memberDeadlineMs`: enrol new customers.
   */
  async accrue(args: AccrueArgs): Promise<IntentReceipt> {
    const a = parseOrThrow(accrueArgsSchema, args, ERROR_CODES.invalidArgument, 'invalid accrual');
    this.#guard();
    const draft: IntentDraft = { kind: 'accrue', memberId: a.memberId, points: a.points, bill: a.bill };
    // A cached member costs one transaction; an unknown one is looked up first, then written.
    try {
      return await this.#write(draft, true);
    } catch (error) {
      if (!isTillpointsError(error, ERROR_CODES.memberNotFound) || error.details?.cached !== false) throw error;
    }
    return this.#write({ ...draft, memberId: await this.#knownMember(a.memberId) }, true);
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
    this.#guard();
    const found = await enrolMember(
      { db: this.#db, client: this.#client, deadlineMs: this.#o.memberDeadlineMs, now: this.#o.now, nextId: this.#nextId },
      args,
    ).catch((error: unknown) => {
      if (isTillpointsError(error)) throw error;
      throw new TillpointsError(ERROR_CODES.storage, 'the enrolment could not be stored; nothing was written', { cause: error });
    });
    const balance = this.#view(found.member);
    if (found.intent) this.#announce([found.intent], balance);
    return {
      ...toMemberView(found.member, balance, found.source === 'ledger' ? 'ledger' : 'cache'),
      enrolled: found.intent !== undefined,
      intentId: found.intent?.intentId ?? null,
    };
  }

  // A member this till knows (or the ledger confirms in time); the survivor of a merged id.
  async #knownMember(memberId: string): Promise<string> {
    return knownMemberId({ db: this.#db, client: this.#client, deadlineMs: this.#o.memberDeadlineMs, now: this.#o.now }, memberId);
  }

  /**
   * Records points spent. Online, a hold is placed at the ledger first (waiting at most
   * `holdDeadlineMs`) and the redemption captures it (basis `hold`); without an answer in time,
   * the store's offline policy decides (`deny`: `offline_redemption_denied`; `allowance`: within
   * this till's allowance for the member, else `allowance_unavailable`; `limit`: within the
   * caps, else `offline_limit_exceeded`), or a manager's `approval` overrides it. Refused with
   * `member_not_found` for a member this till has never seen and `insufficient_points` beyond
   * the balance; nothing is written then. The ledger may still refuse it later (a `conflict` event).
   */
  async redeem(args: RedeemArgs): Promise<IntentReceipt> {
    this.#guard();
    return this.#redemptions.redeem(args);
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
    this.#guard();
    return this.#redemptions.holdPoints(args);
  }

  /**
   * Gives back a hold of this till whose bill was cancelled. Best effort: offline, the void is
   * sent at the next sync round (and the ledger's expiry releases it anyway). Throws
   * `hold_not_found` for a hold that is not open here.
   */
  async releaseHold(holdId: string): Promise<Balance> {
    this.#guard();
    return this.#redemptions.releaseHold(holdId);
  }

  /**
   * Asks the ledger, in one call, for allowances for the store's `frequent` most frequent
   * members and/or the members named, so they can redeem here offline (policy `allowance`).
   * Members this till had not cached are cached. Answers the allowances granted; throws the
   * network's or ledger's error (nothing is changed then).
   */
  async prefetchAllowances(args: PrefetchAllowancesArgs): Promise<AllowanceView[]> {
    this.#guard();
    return this.#redemptions.prefetchAllowances(args);
  }

  /** Records a return of an earlier accrual (takes its points back) or redemption (gives them back). */
  async reverse(args: ReverseArgs): Promise<IntentReceipt> {
    const a = parseOrThrow(reverseArgsSchema, args, ERROR_CODES.invalidArgument, 'invalid reversal');
    this.#guard();
    const original = await this.#db.intents.where('intentId').equals(a.originalIntentId).first();
    const memberId = a.memberId ?? original?.memberId;
    // By line, a return takes back exactly what those lines earned; whole, all that is left.
    const byLines = a.lineIds && original ? pointsOfLines(original, a.lineIds) : undefined;
    const points = a.points ?? byLines ?? (original ? (original.appliedPoints ?? original.points) - original.reversedPoints : undefined);
    if (!memberId || !points) {
      throw new TillpointsError(
        ERROR_CODES.invalidReversal,
        original ? `nothing is left to reverse of ${a.originalIntentId}` : `intent ${a.originalIntentId} is not in this till's records: pass memberId, points and originalKind`,
      );
    }
    return this.#write({
      kind: 'reverse', memberId, points, originalIntentId: a.originalIntentId,
      ...(a.originalKind ? { originalKind: a.originalKind } : {}),
      ...(a.lineIds ? { lineIds: a.lineIds } : {}),
      ...(a.bill ? { bill: a.bill } : {}),
      ...(a.reason ? { reason: a.reason } : {}),
    });
  }

  /**
   * A bill at the counter: earns it by the till's ruleset (offline too), and stores the
   * redemption (if `redeemPoints`), the accrual with its per-line points, and the member's new
   * balance and tier in ONE local transaction. Answers with the points earned and spent, the
   * balance after, the tier progress and every point explained. The ledger confirms the same
   * points when the till's ruleset was current (see the README for when it does not).
   */
  async checkout(args: CheckoutArgs): Promise<CheckoutReceipt> {
    this.#guard();
    const parsed = parseOrThrow(checkoutArgsSchema, args, ERROR_CODES.invalidArgument, 'invalid checkout');
    const known = { ...args, memberId: await this.#knownMember(parsed.memberId) };
    const { memberRecord, ...receipt } = await runCheckout(this.#db, known, {
      storeId: this.#o.storeId, rules: this.#rules, nextId: this.#nextId, now: this.#o.now(), view: (m) => this.#view(m),
      grant: (a) => this.#redemptions.grantForCheckout(a),
    }).catch((error: unknown) => {
      if (isTillpointsError(error)) throw error;
      throw new TillpointsError(ERROR_CODES.storage, 'the checkout could not be stored; nothing was written', { cause: error });
    });
    const memberId = memberRecord.memberId;
    this.#announce(
      [
        ...(receipt.redemption ? [{ ...receipt.redemption, kind: 'redeem' as const, memberId }] : []),
        { ...receipt.accrual, kind: 'accrue' as const, memberId },
      ],
      receipt.balance,
    );
    return receipt;
  }

  /** The earning ruleset this till computes with (pulled from the ledger, kept offline), if any. */
  get rulesetVersion(): number | null {
    return this.#rules?.version ?? null;
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
    const a = parseOrThrow(adjustArgsSchema, args, ERROR_CODES.invalidArgument, 'invalid adjustment');
    return this.#write({
      kind: 'adjust', memberId: a.memberId, points: a.points, reason: a.reason, approvedBy: a.approvedBy,
      ...(a.approval ? { approval: a.approval } : {}),
    });
  }

  async #write(draft: IntentDraft, cachedOnly = false): Promise<IntentReceipt> {
    this.#guard();
    let written;
    try {
      written = await writeIntent(this.#db, draft, { intentId: this.#nextId(), now: this.#o.now(), cachedOnly });
    } catch (error) {
      if (isTillpointsError(error)) throw error;
      throw new TillpointsError(ERROR_CODES.storage, 'the intent could not be stored; nothing was written', { cause: error });
    }
    const { intent, member } = written;
    const balance = this.#view(member);
    this.#announce([intent], balance);
    return { intentId: intent.intentId, seq: intent.seq!, status: 'pending', balance };
  }

  // New intents are stored: tell the UI, wake the sync loop, and nudge the leader in another tab.
  #announce(intents: readonly Pick<IntentRecord, 'intentId' | 'kind' | 'memberId' | 'points'>[], balance: Balance): void {
    for (const { intentId, kind, memberId, points } of intents) {
      this.#events.emit('intent', { intentId, kind, memberId, points, status: 'pending' });
    }
    this.#events.emit('balance', balance);
    this.#engine.nudge();
    this.#broadcast({ type: 'intent' });
  }

  /** Runs a sync round now: push everything pending, then pull. Rejects with the round's error. */
  async sync(): Promise<SyncReport> {
    this.#guard();
    return this.#engine.syncNow();
  }

  /** The till's connection and outbox at a glance. */
  async status(): Promise<TerminalStatus> {
    this.#guard();
    return tillStatus(this.#db, this.#engine, this.#o.now);
  }

  async #emitStatus(): Promise<void> {
    if (this.#closed) return;
    try {
      this.#events.emit('status', await this.status());
    } catch {
      // closing
    }
  }

  /** Intents the ledger refused that the cashier has not acknowledged. */
  async conflicts(): Promise<Conflict[]> {
    this.#guard();
    return listConflicts(this.#db);
  }

  /** Marks a conflict as dealt with. */
  async acknowledgeConflict(intentId: string): Promise<void> {
    this.#guard();
    await acknowledgeConflict(this.#db, intentId);
    await this.#emitStatus();
  }

  /**
   * Intents taken out of the queue because they are broken (the ledger cannot read them as
   * stored, or this till cannot send them), oldest first. Each still counts in its member's
   * provisional balance, is never pruned, and waits for staff to {@link retryQuarantined}
   * or {@link voidQuarantined} it. The rest of the queue flows meanwhile.
   */
  async quarantined(): Promise<QuarantinedIntent[]> {
    this.#guard();
    return listQuarantined(this.#db);
  }

  /**
   * Puts a quarantined intent back in the queue after a fix (an SDK or ledger upgrade),
   * unchanged: same id, same content, sent in the next round. If it is still broken, it is
   * quarantined again. Throws `intent_not_found` or `not_quarantined`, changing nothing.
   */
  async retryQuarantined(intentId: string): Promise<void> {
    this.#guard();
    await retryQuarantinedIntent(this.#desk(), intentId);
    this.#engine.nudge(true);
    this.#broadcast({ type: 'intent' });
    await this.#emitStatus();
  }

  /**
   * Gives up a quarantined intent, for `reason` (1 to 200 characters, kept with it): in one
   * local transaction its points leave the member's provisional balance, and it is never
   * sent again. Answers with the member's balance after. Throws `intent_not_found` or
   * `not_quarantined` (nothing changed), or `invalid_argument` for a missing reason.
   */
  async voidQuarantined(intentId: string, reason: string): Promise<Balance | null> {
    this.#guard();
    const balance = await voidQuarantinedIntent(this.#desk(), intentId, reason);
    await this.#emitStatus();
    return balance;
  }

  #desk(): QuarantineDesk {
    return { db: this.#db, events: this.#events, now: this.#o.now, view: (m) => this.#view(m) };
  }

  /** The intents of a member this till still holds, newest first: the audit trail (never with a manager's PIN). */
  async history(memberId: string): Promise<IntentRecord[]> {
    this.#guard();
    return memberHistory(this.#db, memberId);
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

import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import { intentIdFactory } from '../outbox/intent-id.js';
import { balanceView, unknownBalance, type Balance } from '../store/balance-view.js';
import type { MemberRecord } from '../store/records.js';
import { loadCachedRuleset, type CachedRuleset } from '../store/ruleset-cache.js';
import { TerminalConnection } from '../store/terminal-database.js';
import { decideIncarnationOnOpen } from '../store/till-incarnation.js';
import { LedgerClient } from '../sync/ledger-client.js';
import { LiveStream } from '../sync/live-stream.js';
import { refreshRuleset } from '../sync/refresh-ruleset.js';
import { SyncEngine } from '../sync/sync-engine.js';
import { tidyHolds } from '../sync/tidy-holds.js';
import { chooseLeaderElection } from './choose-leader-election.js';
import { defaultConnectivity } from './default-connectivity.js';
import { Emitter, type TerminalEvents, type TerminalStatus } from './events.js';
import { IntentWriter } from './intent-writer.js';
import { knownMemberId } from './known-member.js';
import { LeaderRounds } from './leader-rounds.js';
import { Lifecycle } from './lifecycle.js';
import { survivorOf } from './member-cache.js';
import { fetchMember } from './member-lookup.js';
import { SettlementWatch } from './settlement-watch.js';
import { StatusStore } from './status-store.js';
import { openTabChannel, type TabChannel, type TabMessage } from './tab-channel.js';
import type { ResolvedTerminalOptions } from './terminal-options.js';
import { TillRedemptions } from './till-redemptions.js';
import { tillStatus } from './till-status.js';

// With no byte from the ledger for this long (it sends a heartbeat every 15 s by default), the stream is made again.
const LIVE_IDLE_TIMEOUT_MS = 45_000;

/**
 * A terminal's parts wired together: the local database, the ledger client, the sync loop,
 * the tab channel, the events, and the desks the facade (`Terminal`) delegates to; and how
 * they start, hear the other tabs, keep the status fresh and close. The facade adds the
 * public API, its checks and the start rule (`Lifecycle`).
 */
export class TerminalParts {
  readonly o: ResolvedTerminalOptions;
  readonly db: TerminalConnection;
  readonly client: LedgerClient;
  readonly events: Emitter<TerminalEvents>;
  readonly engine: SyncEngine;
  readonly nextId: () => string;
  readonly channel: TabChannel;
  readonly life = new Lifecycle();
  readonly statusStore: StatusStore;
  readonly settlements: SettlementWatch;
  readonly leaderRounds: LeaderRounds;
  readonly writer: IntentWriter;
  readonly redemptions: TillRedemptions;
  /** The live stream from the ledger (leader tab only); undefined with `liveStream` or `autoSync` off. */
  readonly live: LiveStream | undefined;
  /** When a complete pull (here or in another tab) last found no newer balance for any cached member. */
  pulledAt: number | null = null;
  rules: CachedRuleset | undefined;
  #unsubscribe: (() => void) | undefined;

  /** `idRandom`: the caller's own randomness for intent ids, if any (else the platform's crypto). */
  constructor(o: ResolvedTerminalOptions, idRandom: (() => number) | undefined) {
    this.o = o;
    this.events = new Emitter<TerminalEvents>(o.onListenerError);
    this.nextId = intentIdFactory(o.now, idRandom);
    this.db = new TerminalConnection(o.databaseName, {
      ...(o.indexedDB ? { indexedDB: o.indexedDB } : {}),
      ...(o.IDBKeyRange ? { IDBKeyRange: o.IDBKeyRange } : {}),
    });
    // Whether this database started empty (a new incarnation) is settled before anything is written.
    decideIncarnationOnOpen(this.db, this.nextId);
    this.client = new LedgerClient({
      ledgerUrl: o.ledgerUrl, terminalId: o.terminalId, storeId: o.storeId, apiKey: o.apiKey, timeoutMs: o.requestTimeoutMs,
      ...(o.fetch ? { fetch: o.fetch } : {}),
      timers: o.timers,
      now: o.now, // bounded authority: pushes carry the till's clock reading
    });
    this.channel = o.tabChannel ?? openTabChannel(o.indexedDB!, o.databaseName);
    this.engine = new SyncEngine({
      db: this.db,
      client: this.client,
      terminal: { terminalId: o.terminalId, storeId: o.storeId },
      leader: chooseLeaderElection(o, this.db, this.nextId(), () => this.engine.nudge()),
      events: this.events,
      batchSize: o.batchSize,
      pullIntervalMs: o.pullIntervalMs,
      retry: o.retry,
      retainSettledMs: o.retainSettledMs,
      staleAfterMs: o.staleAfterMs,
      now: o.now,
      random: o.random,
      timers: o.timers,
      onRoundEnd: () => {
        // Leadership is decided at each round: the leader tab holds the stream, a follower none.
        this.live?.follow();
        this.live?.scopeMayHaveGrown();
        void this.emitStatus();
      },
      afterPull: () => tidyHolds({ db: this.db, client: this.client, now: o.now }),
      // The survivor of a merge (a member enrolled here whose phone the ledger knew): cached with their profile.
      refreshMember: (memberId) => fetchMember(this.db, this.client, { memberId }, o.now()),
      onRuleset: (rules) => this.#tookRuleset(rules),
    });
    this.live =
      o.liveStream && o.autoSync
        ? new LiveStream({
            ledgerUrl: o.ledgerUrl, apiKey: o.apiKey, terminal: { terminalId: o.terminalId, storeId: o.storeId },
            ...(o.fetch ? { fetch: o.fetch } : {}),
            db: this.db, events: this.events, staleAfterMs: o.staleAfterMs, now: o.now, timers: o.timers, retry: o.retry, random: o.random,
            idleTimeoutMs: LIVE_IDLE_TIMEOUT_MS,
            isLeader: () => this.engine.leader && !this.life.closed,
            onRuleset: async (version) => {
              if (version === this.rules?.version) return;
              const rules = await refreshRuleset(this.db, this.client, this.rules?.version);
              if (rules) this.#tookRuleset(rules);
            },
            onHolds: () => tidyHolds({ db: this.db, client: this.client, now: o.now }),
            onLiveChange: () => void this.emitStatus(),
          })
        : undefined;
    // A member looked up, enrolled or given an intent here joins the stream's scope.
    if (this.live) this.events.on('balance', (b) => this.live?.scopeMayHaveGrown(b.memberId));
    this.statusStore = new StatusStore(
      () => tillStatus(this.db, this.engine, o.now, this.live?.live ?? false),
      (error) => this.events.emit('error', { event: 'status', error }),
    );
    this.settlements = new SettlementWatch({ db: this.db, events: this.events, timers: o.timers, balanceOf: (id) => this.balanceOf(id) });
    this.leaderRounds = new LeaderRounds(o.timers);
    this.writer = new IntentWriter({
      db: this.db, events: this.events, storeId: o.storeId, now: o.now, nextId: this.nextId, view: (m) => this.view(m),
      rules: () => this.rules, knownMember: (id) => this.knownMember(id), grant: (a) => this.redemptions.grantForCheckout(a),
      made: () => {
        this.engine.nudge();
        this.channel.post({ type: 'intent' });
        void this.refreshStatus();
      },
    });
    this.redemptions = new TillRedemptions({
      db: this.db, client: this.client, events: this.events, options: o, nextId: this.nextId, view: (m) => this.view(m),
      knownMember: (id) => this.knownMember(id), announce: (intents, balance) => this.writer.announce(intents, balance),
    });
    this.events.on('sync', (report) => {
      this.pulledAt = this.engine.lastPullAt;
      if (this.pulledAt !== null) this.channel.post({ type: 'pulled', at: this.pulledAt });
      const endedAt = this.engine.lastSyncAt ?? o.now();
      if (report.leader) this.channel.post({ type: 'round', startedAt: endedAt - report.durationMs, report });
      this.settlements.recheck();
    });
  }

  /** Opens the database, loads the cached ruleset, listens to the other tabs and the network hints, starts the loop. */
  async open(): Promise<void> {
    try {
      await this.db.open();
    } catch (cause) {
      throw new TillpointsError(ERROR_CODES.storage, 'the local database could not be opened', { cause });
    }
    this.rules = await loadCachedRuleset(this.db);
    this.engine.holdsRuleset(this.rules?.version);
    this.channel.listen((message) => this.#heard(message));
    const connectivity = this.o.connectivity ?? defaultConnectivity();
    this.#unsubscribe = connectivity?.subscribe((hint) => {
      if (hint === 'online') this.engine.nudge(true);
      else void this.emitStatus();
    });
    if (this.o.autoSync) this.engine.start();
  }

  /** Ends the waits, stops syncing (handing the lead over) and closes the database. */
  async shutdown(): Promise<void> {
    this.settlements.close();
    this.leaderRounds.close();
    this.#unsubscribe?.();
    await this.live?.close();
    await this.engine.close();
    this.channel.close();
    this.db.close();
  }

  // What another tab on this database said.
  #heard(message: TabMessage): void {
    if (message?.type === 'intent') {
      this.engine.nudge();
      void this.refreshStatus();
    } else if (message?.type === 'pulled') {
      this.pulledAt = Math.max(this.pulledAt ?? 0, message.at);
    } else if (message?.type === 'round') {
      this.leaderRounds.heard(message.startedAt, message.report);
      this.settlements.recheck();
      void this.refreshStatus();
    }
  }

  // A newer ruleset was stored (by a round, or on the stream's word): earn by it from now on.
  #tookRuleset(rules: CachedRuleset): void {
    this.rules = rules;
    this.engine.holdsRuleset(rules.version);
    this.events.emit('ruleset', { version: rules.version, effectiveFrom: rules.effectiveFrom });
  }

  view(member: MemberRecord): Balance {
    return balanceView(member, this.o.now(), this.o.staleAfterMs, this.pulledAt);
  }

  /** A member's balance here; a member id enrolled here and merged into another member shows the survivor. */
  async balanceOf(memberId: string): Promise<Balance> {
    const member = await survivorOf(this.db, await this.db.members.get(memberId));
    return member ? this.view(member) : unknownBalance(memberId);
  }

  /** A member this till knows (or the ledger confirms in time); the survivor of a merged id. */
  knownMember(memberId: string): Promise<string> {
    return knownMemberId({ db: this.db, client: this.client, deadlineMs: this.o.memberDeadlineMs, now: this.o.now }, memberId);
  }

  /** Reads the status now and keeps it as the snapshot. */
  async readStatus(): Promise<TerminalStatus> {
    const status = await tillStatus(this.db, this.engine, this.o.now, this.live?.live ?? false);
    this.statusStore.set(status);
    return status;
  }

  /** Reads the status, keeps it and emits it (`status` event). */
  async emitStatus(): Promise<void> {
    if (!this.life.running) return;
    try {
      this.events.emit('status', await this.readStatus());
    } catch {
      // closing
    }
  }

  /** Reads the status again for the snapshot (an intent was written, here or in another tab). */
  refreshStatus(): Promise<void> {
    return this.life.running ? this.statusStore.refresh() : Promise.resolve();
  }
}

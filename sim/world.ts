import { IDBFactory } from 'fake-indexeddb';
import { monotonicUlids } from '../src/protocol/ulid.js';
import type { Terminal } from '../src/index.js';
import { SimNetwork, type Endpoint } from './network.js';
import type { Prng } from './prng.js';
import type { Scheduler } from './scheduler.js';
import type { Schedule, TillSpec } from './schedule.js';
import { SimTimers } from './sim-timers.js';
import type { Trace } from './trace.js';
import { SIM_ADMIN_KEY, createSimTerminal, type LedgerPort } from './world-ports.js';

/** Request timeout, hold deadline and pull interval of every till, in virtual ms. */
export const TILL_TIMING = { requestTimeoutMs: 3_000, holdDeadlineMs: 1_000, pullIntervalMs: 60_000 } as const;

/** One tab: a terminal object on its till's storage, and whether it runs. */
export class SimTab implements Endpoint {
  readonly name: string;
  readonly tillId: string;
  readonly storeId: string;
  readonly timeoutMs = TILL_TIMING.requestTimeoutMs;
  readonly terminal: Terminal;
  readonly timers: SimTimers;
  /** Resolves when `start()` has; operations wait for it. */
  readonly ready: Promise<void>;
  #state: 'live' | 'frozen' | 'dead' = 'live';

  constructor(till: SimTill, index: number, incarnation: number) {
    const world = till.world;
    this.name = `${till.spec.terminalId}/${index}.${incarnation}`;
    this.tillId = till.spec.terminalId;
    this.storeId = till.spec.storeId;
    this.timers = new SimTimers(world.scheduler, this.name);
    const random = world.random.fork(`tab ${this.name}`);
    this.terminal = createSimTerminal({
      baseUrl: world.port.baseUrl, terminalId: till.spec.terminalId, storeId: till.spec.storeId, apiKey: till.apiKey,
      indexedDB: till.factory, fetch: world.network.fetchFor(this), now: () => world.scheduler.now + till.skewMs,
      random: () => random.next(), timers: this.timers, ...TILL_TIMING,
    });
    this.ready = this.terminal.start();
    this.ready.catch(() => {});
  }

  get state(): 'live' | 'frozen' | 'dead' {
    return this.#state;
  }
  isDead(): boolean {
    return this.#state === 'dead';
  }
  isFrozen(): boolean {
    return this.#state === 'frozen';
  }
  freeze(): void {
    if (this.#state !== 'live') return;
    this.#state = 'frozen';
    this.timers.freeze();
  }
  wake(network: SimNetwork): void {
    if (this.#state !== 'frozen') return;
    this.#state = 'live';
    this.timers.wake();
    network.wake(this);
  }
  /** Dropped without `close()`: no more timers, requests or answers. */
  kill(): void {
    this.#state = 'dead';
    this.timers.kill();
  }
}

/** What an operation in progress is, and on which tab (set once it picked one). */
export interface OperationTag {
  readonly label: string;
  tab?: SimTab;
}

/** An intent a till accepted (answered with an id), as the simulator saw it. */
export interface AcceptedIntent {
  readonly intentId: string;
  readonly till: number;
  /** Which storage of the till it was written to (a wipe starts a new one). */
  readonly storage: number;
  readonly kind: string;
  readonly memberId: string;
  readonly points: number;
  /** Earned by bill lines (a return may name them). */
  readonly byLines?: boolean;
}

/** A till: its storage (an IndexedDB factory, replaced on a wipe) and its tabs. */
export class SimTill {
  readonly world: SimWorld;
  readonly spec: TillSpec;
  readonly apiKey: string;
  skewMs: number;
  factory = new IDBFactory();
  /** How many times the storage was wiped. */
  storage = 0;
  /** When each wipe happened (virtual ms). */
  readonly wipedAt: number[] = [];
  tabs: SimTab[] = [];
  #incarnations = 0;

  constructor(world: SimWorld, spec: TillSpec, apiKey: string) {
    this.world = world;
    this.spec = spec;
    this.apiKey = apiKey;
    this.skewMs = spec.skewMs;
    for (let i = 0; i < spec.tabs; i++) this.tabs.push(new SimTab(this, i, this.#incarnations++));
  }

  /** A tab that runs (not frozen, not dead), by a drawn index. */
  liveTab(pick = 0): SimTab | undefined {
    const live = this.tabs.filter((t) => t.state === 'live');
    return live.length === 0 ? undefined : live[pick % live.length];
  }

  /** Starts tab `index` again on the same storage (a restart after a crash). */
  restart(index: number): SimTab {
    const tab = new SimTab(this, index, this.#incarnations++);
    this.tabs[index] = tab;
    return tab;
  }

  /** Every tab dies and the storage is lost; the tabs start again on an empty one. */
  wipe(): void {
    for (const tab of this.tabs) tab.kill();
    this.factory = new IDBFactory();
    this.storage++;
    this.wipedAt.push(this.world.scheduler.now);
    this.tabs = this.tabs.map((_, i) => new SimTab(this, i, this.#incarnations++));
  }
}

/** The whole simulated world of one run: clock, network, ledger, tills, members. */
export class SimWorld {
  readonly scheduler: Scheduler;
  readonly trace: Trace;
  readonly random: Prng;
  readonly port: LedgerPort;
  readonly network: SimNetwork;
  readonly schedule: Schedule;
  readonly tills: SimTill[] = [];
  /** Member ids operations draw from: the seeded members, then the ones enrolled at tills. */
  readonly memberIds: string[];
  readonly accepted: AcceptedIntent[] = [];
  /** Errors no cashier should ever see (not a typed business outcome): each breaks an invariant. */
  readonly unexpected: string[] = [];
  readonly #ops = new Map<Promise<unknown>, OperationTag>();
  readonly #appIds: () => string;
  #appSeq = 0;
  rulesetVersion = 0;
  /** The API key of the brand's app channel (terminal `brand-app` of store `app`). */
  appKey = '';

  constructor(o: { scheduler: Scheduler; trace: Trace; random: Prng; port: LedgerPort; schedule: Schedule }) {
    this.scheduler = o.scheduler;
    this.trace = o.trace;
    this.random = o.random;
    this.port = o.port;
    this.schedule = o.schedule;
    this.memberIds = o.schedule.world.members.map((m) => m.memberId);
    this.network = new SimNetwork({ scheduler: o.scheduler, random: o.random.fork('network'), trace: o.trace, deliver: (r) => o.port.deliver(r) });
    const ids = o.random.fork('app ids');
    const ulid = monotonicUlids(() => ids.next());
    this.#appIds = () => ulid(this.scheduler.now);
  }

  /** A till by a drawn index. */
  till(index: number): SimTill {
    return this.tills[index % this.tills.length]!;
  }

  /** Operations started and not yet settled. */
  get pendingOps(): number {
    return this.#ops.size;
  }

  /** Starts `work` without waiting for it (it waits on virtual events); tracks it until it settles. */
  launch(work: Promise<unknown>, tag: OperationTag = { label: 'work' }): void {
    const tracked = work.catch(() => {}).finally(() => this.#ops.delete(tracked));
    this.#ops.set(tracked, tag);
  }

  /** Operations still waiting whose tab runs: a cashier left without an answer. */
  unanswered(): string[] {
    return [...this.#ops.values()].filter((o) => o.tab === undefined || !o.tab.isDead()).map((o) => `${o.label}${o.tab ? ` on ${o.tab.name}` : ''}`);
  }

  /** A call to the ledger by head office, over a reliable channel (not the tills' network). */
  async admin<T = any>(method: 'GET' | 'POST', path: string, body?: unknown, key = SIM_ADMIN_KEY): Promise<{ status: number; body: T }> {
    const request = new Request(this.port.baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const response = await this.port.deliver(request);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Like {@link admin}, throwing on anything but success (set-up must not fail). */
  async must<T = any>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const r = await this.admin<T>(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** The next intent id and seq of the brand's app channel. */
  nextAppIntent(): { intentId: string; seq: number } {
    return { intentId: this.#appIds(), seq: ++this.#appSeq };
  }
}

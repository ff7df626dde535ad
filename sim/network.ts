import type { Prng } from './prng.js';
import type { Scheduler, SimEvent } from './scheduler.js';
import type { Trace } from './trace.js';

/** One-shot faults armed for a till's next request. */
export const MESSAGE_FAULTS = ['drop-request', 'drop-answer', 'duplicate', 'delay', 'slow'] as const;
export type MessageFault = (typeof MESSAGE_FAULTS)[number];

/** Who sends a request: a tab of a till, and whether it still runs. */
export interface Endpoint {
  readonly name: string;
  readonly tillId: string;
  readonly storeId: string;
  readonly timeoutMs: number;
  /** Killed: its requests and answers go nowhere. */
  isDead(): boolean;
  /** Frozen: answers wait until it wakes. */
  isFrozen(): boolean;
}

interface InFlight {
  readonly id: number;
  readonly from: Endpoint;
  settled: boolean;
  /** Answers false when the request had already settled (timed out, aborted, answered). */
  resolve(response: Response): boolean;
  reject(error: unknown): boolean;
}

/**
 * The simulated network between tills and the ledger: each request is a message delivered at
 * a virtual time (latency drawn from the seed), handed to the ledger one at a time, and its
 * answer delivered later, unless a fault says otherwise (a store partitioned, a request or
 * answer dropped, a request duplicated, delayed, or answered after the till gave up).
 */
export class SimNetwork {
  readonly #scheduler: Scheduler;
  readonly #random: Prng;
  readonly #trace: Trace;
  readonly #deliver: (request: Request) => Promise<Response>;
  readonly #partitioned = new Set<string>();
  readonly #armed = new Map<string, MessageFault[]>();
  readonly #flaky = new Map<string, { fault: MessageFault; until: number }>();
  readonly #frozenAnswers = new Map<string, (() => void)[]>();
  readonly #inFlight = new Set<InFlight>();
  #next = 0;
  /** Bumped when the ledger crashes: answers computed before it are lost. */
  #epoch = 0;

  constructor(o: { scheduler: Scheduler; random: Prng; trace: Trace; deliver: (request: Request) => Promise<Response> }) {
    this.#scheduler = o.scheduler;
    this.#random = o.random;
    this.#trace = o.trace;
    this.#deliver = o.deliver;
  }

  /** Requests sent and not yet answered, failed or timed out. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  partition(storeId: string, on: boolean): void {
    if (on) this.#partitioned.add(storeId);
    else this.#partitioned.delete(storeId);
  }

  /** Arms `fault` for the till's next request. */
  arm(tillId: string, fault: MessageFault): void {
    this.#armed.set(tillId, [...(this.#armed.get(tillId) ?? []), fault]);
  }

  /** Until `until`, half the requests of the store's tills suffer `fault`. */
  flaky(storeId: string, fault: MessageFault, until: number): void {
    this.#flaky.set(storeId, { fault, until });
  }

  /** Ends every partition and disarms every fault. */
  heal(): void {
    this.#partitioned.clear();
    this.#armed.clear();
    this.#flaky.clear();
  }

  /** The ledger died: every answer not yet on its way back is lost (the till times out). */
  crashLedger(): void {
    this.#epoch++;
  }

  /** Delivers the answers a frozen endpoint missed, in order. */
  wake(endpoint: Endpoint): void {
    const held = this.#frozenAnswers.get(endpoint.name) ?? [];
    this.#frozenAnswers.delete(endpoint.name);
    for (const deliver of held) deliver();
  }

  /** The `fetch` an endpoint is given. */
  fetchFor(from: Endpoint): typeof globalThis.fetch {
    return (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      return this.#send(from, request);
    };
  }

  async #send(from: Endpoint, sent: Request): Promise<Response> {
    const id = ++this.#next;
    const request = sent;
    const what = `${request.method} ${new URL(request.url).pathname}`;
    if (from.isDead()) return new Promise<Response>(() => {});
    // Refused before the body leaves, as a real fetch to an unreachable host (the SDK must
    // not wait for a body nobody read).
    if (this.#partitioned.has(from.storeId)) {
      this.#trace.line(`net #${id} ${from.name} ${what} refused (partition)`);
      return Promise.reject(new TypeError('fetch failed: network unreachable'));
    }
    // Otherwise the bytes leave the till at once, as a real fetch reads its body.
    const body = sent.method === 'GET' || sent.method === 'HEAD' ? undefined : await sent.arrayBuffer();
    const copy = () => new Request(sent.url, { method: sent.method, headers: sent.headers, ...(body ? { body } : {}) });
    const faults = this.#armed.get(from.tillId) ?? [];
    const flaky = this.#flaky.get(from.storeId);
    const fault = faults.shift() ?? (flaky && flaky.until > this.#scheduler.now && this.#random.chance(0.5) ? flaky.fault : undefined);
    return new Promise<Response>((resolve, reject) => {
      const message: InFlight = { id, from, settled: false, resolve: () => false, reject: () => false };
      this.#inFlight.add(message);
      const end = (how: () => void) => {
        if (message.settled) return false;
        message.settled = true;
        this.#inFlight.delete(message);
        how();
        return true;
      };
      message.resolve = (r) => end(() => resolve(r));
      message.reject = (e) => end(() => reject(e));
      if (request.signal?.aborted) message.reject(request.signal.reason);
      // The till gives up by aborting (its timeout runs on its virtual timers).
      request.signal?.addEventListener('abort', () => {
        if (message.reject(request.signal.reason)) this.#trace.line(`net #${id} ${from.name} gave up`);
      }, { once: true });
      this.#trace.line(`net #${id} ${from.name} ${what}${fault ? ` [${fault}]` : ''}`);
      if (fault === 'drop-request') return;
      const latency = this.#random.int(1, 40) + (fault === 'delay' ? this.#random.int(200, 1500) : 0);
      this.#scheduler.after(latency, `deliver #${id}`, () => this.#arrive(message, copy(), fault));
      if (fault === 'duplicate') this.#scheduler.after(latency + this.#random.int(0, 80), `deliver #${id} again`, () => this.#arrive(message, copy(), 'duplicate-copy'));
    });
  }

  async #arrive(message: InFlight, request: Request, fault: MessageFault | 'duplicate-copy' | undefined): Promise<void> {
    const epoch = this.#epoch;
    let response: Response;
    try {
      const answer = await this.#deliver(request);
      // The body is read here, once: the answer travels as bytes.
      response = new Response(await answer.text(), { status: answer.status, headers: answer.headers });
    } catch (error) {
      this.#trace.line(`net #${message.id} ledger failed: ${(error as Error).message}`);
      return;
    }
    this.#trace.line(`net #${message.id} ledger answered ${response.status}${fault === 'duplicate-copy' ? ' (duplicate)' : ''}`);
    if (fault === 'duplicate-copy' || fault === 'drop-answer') {
      if (fault === 'drop-answer') this.#trace.line(`net #${message.id} answer dropped`);
      return;
    }
    const back = this.#random.int(1, 40) + (fault === 'slow' ? message.from.timeoutMs + this.#random.int(100, 2000) : 0);
    this.#scheduler.after(back, `answer #${message.id}`, () => {
      if (epoch !== this.#epoch) return void this.#trace.line(`net #${message.id} answer lost with the ledger`);
      if (message.from.isDead()) return;
      const hand = () => {
        if (!message.resolve(response)) this.#trace.line(`net #${message.id} late answer ignored`);
      };
      if (message.from.isFrozen()) {
        const held = this.#frozenAnswers.get(message.from.name) ?? [];
        held.push(hand);
        this.#frozenAnswers.set(message.from.name, held);
      } else hand();
    });
  }
}

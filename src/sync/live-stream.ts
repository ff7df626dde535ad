import { PROTOCOL_VERSION, pullResponseV1Schema, streamRulesetV1Schema } from '../protocol/index.js';
import { retryDelay, type RetryPolicy } from '../policy/retry-delay.js';
import { balanceView } from '../store/balance-view.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { Emitter, TerminalEvents } from '../terminal/events.js';
import { applyPull } from './apply-pull.js';
import { pullScope } from './pull-scope.js';
import { SseParser, type SseMessage } from './sse-parser.js';
import type { Timers } from './timers.js';

const PULL_CURSOR = 'pullCursor';

/** What the live stream needs; the facade builds it from the terminal's options. */
export interface LiveStreamOptions {
  readonly ledgerUrl: string;
  readonly apiKey: string;
  readonly terminal: { readonly terminalId: string; readonly storeId: string };
  readonly fetch?: typeof globalThis.fetch;
  readonly db: TerminalDatabase;
  readonly events: Emitter<TerminalEvents>;
  readonly staleAfterMs: number;
  readonly now: () => number;
  readonly timers: Timers;
  readonly retry: RetryPolicy;
  readonly random: () => number;
  /** With no byte (event or heartbeat) for this long, the connection counts as dead and is made again. */
  readonly idleTimeoutMs: number;
  /** Whether this tab leads the sync loop now: only the leader holds the stream. */
  readonly isLeader: () => boolean;
  /** A newer ruleset was published: fetch and store it. */
  readonly onRuleset: (version: number) => Promise<void>;
  /** This till's holds, allowances or policy changed at the ledger: tidy them. */
  readonly onHolds: () => Promise<void>;
  /** The stream came up or went down. */
  readonly onLiveChange?: (live: boolean) => void;
}

/** The ledger has no stream (an older ledger): the till pulls, as before. */
class NoStream extends Error {}

/**
 * The till's end of the live stream (`POST /v1/stream`): held by the leader tab only. Its states:
 * - idle: not leading, no member held, closed, or the ledger has no stream; the pull loop alone runs;
 * - connecting / live: one request whose body is read as server-sent events, one at a time:
 *   `changes` pages go through `applyPull` (the pull's own rule and cursor: a lost page or one
 *   sent twice changes nothing), `ruleset` and `holds` call the facade's refreshers;
 * - waiting: the stream broke (network, proxy, idle past `idleTimeoutMs`, ledger restart): it
 *   comes back after a backoff, resuming from the stored cursor; the pull loop runs meanwhile.
 * When the members held here grow (`scopeMayHaveGrown`), it reconnects with the new scope.
 */
export class LiveStream {
  readonly #o: LiveStreamOptions;
  #running: Promise<void> | undefined;
  #abort: AbortController | undefined;
  #wait: { handle: unknown; resolve: () => void } | undefined;
  #idle: unknown;
  #scope = new Set<string>();
  #scopeCount = 0;
  #rescope = false;
  #rescopeTimer: unknown;
  #failures = 0;
  #closed = false;
  #unsupported = false;
  #live = false;

  constructor(options: LiveStreamOptions) {
    this.#o = options;
  }

  /** Whether the stream is up now (connected, the ledger answering). */
  get live(): boolean {
    return this.#live;
  }

  /** Starts the stream if this tab leads and it is not running; stops it if this tab no longer leads. */
  follow(): void {
    if (this.#closed || this.#unsupported) return;
    if (!this.#o.isLeader()) {
      this.#stop();
      return;
    }
    if (this.#running) return;
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
      this.#setLive(false);
    });
  }

  /**
   * A member may have joined the scope (looked up, enrolled, given an intent): when `memberId`
   * is not streamed, the stream reconnects with the new scope soon (debounced, 200 ms).
   */
  scopeMayHaveGrown(memberId?: string): void {
    if (this.#closed || (memberId !== undefined && this.#scope.has(memberId))) return;
    if (!this.#running) {
      this.follow();
      return;
    }
    if (this.#rescopeTimer !== undefined) return;
    this.#rescopeTimer = this.#o.timers.setTimeout(() => {
      this.#rescopeTimer = undefined;
      void this.#checkScope();
    }, 200);
  }

  /** Ends the stream for good; resolves once nothing of it runs. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#o.timers.clearTimeout(this.#rescopeTimer);
    this.#stop();
    await this.#running;
  }

  #stop(): void {
    this.#abort?.abort();
    if (this.#wait) {
      this.#o.timers.clearTimeout(this.#wait.handle);
      this.#wait.resolve();
    }
  }

  async #checkScope(): Promise<void> {
    const count = await this.#o.db.members.count().catch(() => this.#scopeCount);
    if (count !== this.#scopeCount) this.#reconnect();
  }

  // Reconnects at once with the scope read again (not a failure: no backoff).
  #reconnect(): void {
    this.#rescope = true;
    this.#abort?.abort();
  }

  #setLive(live: boolean): void {
    if (live === this.#live) return;
    this.#live = live;
    this.#o.onLiveChange?.(live);
  }

  async #loop(): Promise<void> {
    while (!this.#closed && this.#o.isLeader()) {
      this.#rescope = false;
      let held = false;
      try {
        held = await this.#connectOnce();
      } catch (error) {
        if (error instanceof NoStream) {
          this.#unsupported = true;
          return;
        }
      } finally {
        this.#o.timers.clearTimeout(this.#idle);
        this.#setLive(false);
      }
      if (this.#closed) return;
      if (!held && this.#scope.size === 0) return; // nothing to stream: `scopeMayHaveGrown` starts it again
      if (this.#rescope) continue;
      this.#failures++;
      await this.#sleep(retryDelay(this.#failures, this.#o.retry, this.#o.random));
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.#o.timers.setTimeout(() => {
        this.#wait = undefined;
        resolve();
      }, ms);
      this.#wait = { handle, resolve: () => ((this.#wait = undefined), resolve()) };
    });
  }

  // One connection, read to its end. Returns false when there was nothing to stream.
  async #connectOnce(): Promise<boolean> {
    const { db } = this.#o;
    const scope = await pullScope(db);
    this.#scope = new Set(scope);
    this.#scopeCount = await db.members.count();
    if (scope.length === 0) return false;
    const cursor = ((await db.meta.get(PULL_CURSOR))?.value as string | undefined) ?? null;
    const abort = new AbortController();
    this.#abort = abort;
    if (this.#closed || this.#rescope || !this.#o.isLeader()) return true;
    const response = await (this.#o.fetch ?? globalThis.fetch)(`${this.#o.ledgerUrl.replace(/\/+$/, '')}/v1/stream`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.#o.apiKey}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ protocol: PROTOCOL_VERSION, ...this.#o.terminal, cursor, memberIds: scope }),
      signal: abort.signal,
    });
    if (response.status === 404 || response.status === 405) {
      void response.body?.cancel().catch(() => {});
      throw new NoStream();
    }
    if (!response.ok || !response.body || !/^text\/event-stream/i.test(response.headers.get('content-type') ?? '')) {
      void response.body?.cancel().catch(() => {});
      return true;
    }
    this.#failures = 0;
    this.#setLive(true);
    const parser = new SseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      this.#watchIdle(abort);
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return true;
        this.#watchIdle(abort);
        for (const item of parser.feed(value)) {
          if (item.kind === 'message') await this.#handle(item.message);
        }
      }
    } finally {
      abort.abort();
      void reader.cancel().catch(() => {});
    }
  }

  #watchIdle(abort: AbortController): void {
    this.#o.timers.clearTimeout(this.#idle);
    this.#idle = this.#o.timers.setTimeout(() => abort.abort(), this.#o.idleTimeoutMs);
  }

  async #handle(message: SseMessage): Promise<void> {
    const { db, events, now, staleAfterMs } = this.#o;
    if (message.event === 'changes') {
      // A page the protocol refuses ends this connection (the next one resumes from the cursor).
      const page = pullResponseV1Schema.parse(JSON.parse(message.data));
      // A member who joined the scope since this stream opened may have changed before this
      // page's cursor: storing that cursor would skip it, so reconnect with the new scope first.
      if ((await db.members.count()) !== this.#scopeCount) {
        this.#reconnect();
        return;
      }
      const at = now();
      const moved = await applyPull(db, page.changes, page.cursor, at);
      for (const m of moved) events.emit('balance', balanceView(m, at, staleAfterMs, at));
    } else if (message.event === 'ruleset') {
      const parsed = streamRulesetV1Schema.safeParse(JSON.parse(message.data));
      // A failed refresh is left to the next sync round, which fetches the ruleset too.
      if (parsed.success) await this.#o.onRuleset(parsed.data.version).catch(() => {});
    } else if (message.event === 'holds') {
      await this.#o.onHolds().catch(() => {});
    }
    // An event kind this SDK does not know (a newer ledger's) is ignored.
  }
}

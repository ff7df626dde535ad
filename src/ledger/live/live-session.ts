import { PROTOCOL_VERSION, pullResponseV1Schema, streamHoldsV1Schema, streamRulesetV1Schema } from '../../protocol/index.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { pullChanges } from '../store/pull-changes.js';
import type { TerminalIdentity } from '../store/terminal-store.js';
import { holdsToken, newestRulesetVersion, terminalStillLive } from './live-reads.js';
import { sseComment, sseEvent, sseRetry } from './sse-frame.js';

// Changes per page, and pages per read: a read that stops short queues another one.
const PAGE_SIZE = 1000;
const MAX_PAGES_PER_READ = 10;
// What may wait unread in one stream before it stops reading the database (backpressure).
const HIGH_WATER_BYTES = 256 * 1024;

/** What one open stream follows. */
export interface LiveScope {
  readonly terminal: TerminalIdentity;
  readonly memberIds: readonly string[];
  readonly cursor: string | null;
}

/** What a session needs from the hub. */
export interface LiveSessionContext {
  readonly db: SqlExecutor;
  readonly now: () => Date;
  readonly retryMs: number;
  readonly onError: (error: unknown) => void;
  /** Called once, when the session ended (the client went away, a read failed, or the hub closed it). */
  readonly onEnd: () => void;
}

/**
 * One till's open stream. Each wake reads from the stream's own cursor and sends what changed:
 * `changes` pages (only those with changes; the cursor moves on either way), the newest
 * ruleset version and this till's holds token when they differ from what it last sent.
 * Wakes are coalesced: at most one read in flight and one queued, however many commits
 * signal meanwhile; a stream whose client reads slowly is not read for until it drains.
 */
export class LiveSession {
  readonly #c: LiveSessionContext;
  readonly #scope: LiveScope;
  readonly body: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #cursor: string | null;
  #ruleset: number | undefined;
  #holds: string | undefined;
  #reading: Promise<void> | undefined;
  #queued = false;
  #ended = false;
  /** How many reads of the database this stream made (for tests of the coalescing). */
  reads = 0;

  constructor(context: LiveSessionContext, scope: LiveScope) {
    this.#c = context;
    this.#scope = scope;
    this.#cursor = scope.cursor;
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
          controller.enqueue(sseRetry(context.retryMs));
        },
        pull: () => {
          if (this.#queued && !this.#reading) this.wake();
        },
        cancel: () => this.end(),
      },
      new ByteLengthQueuingStrategy({ highWaterMark: HIGH_WATER_BYTES }),
    );
  }

  get terminalId(): string {
    return this.#scope.terminal.terminalId;
  }

  /** The first read, before the answer is sent: a cursor the ledger never issued fails here, as a 400. */
  first(): Promise<void> {
    this.#reading = this.#read().finally(() => (this.#reading = undefined));
    return this.#reading;
  }

  /** Something committed: read again (or once more after the read in flight). */
  wake(): void {
    if (this.#ended) return;
    if (this.#reading || (this.#controller.desiredSize ?? 0) <= 0) {
      this.#queued = true;
      return;
    }
    this.#queued = false;
    this.#reading = this.#read()
      .catch((error: unknown) => {
        this.#c.onError(error);
        void this.end();
      })
      .finally(() => {
        this.#reading = undefined;
        if (this.#queued) this.wake();
      });
  }

  /** A comment that keeps an idle connection open through proxies. */
  heartbeat(): void {
    // A client still reading a backlog needs no heartbeat; none piles up behind it.
    if ((this.#controller.desiredSize ?? 0) > 0) this.#send(sseComment('heartbeat'));
  }

  /** Ends the stream (idempotent); resolves when no read of it is in flight. */
  async end(): Promise<void> {
    if (!this.#ended) {
      this.#ended = true;
      try {
        this.#controller.close();
      } catch {
        // already closed or cancelled by the client
      }
      this.#c.onEnd();
    }
    await this.#reading?.catch(() => {});
  }

  #send(bytes: Uint8Array): void {
    if (this.#ended) return;
    try {
      this.#controller.enqueue(bytes);
    } catch {
      void this.end();
    }
  }

  async #read(): Promise<void> {
    const { db, now } = this.#c;
    // A key revoked while its stream is open gets nothing more: the stream ends (a reconnect gets 401).
    if (!(await terminalStillLive(db, this.#scope.terminal))) {
      void this.end();
      return;
    }
    let more = true;
    for (let page = 0; more && page < MAX_PAGES_PER_READ && !this.#ended; page++) {
      this.reads++;
      const answer = pullResponseV1Schema.parse(
        await pullChanges(db, { cursor: this.#cursor, memberIds: this.#scope.memberIds, limit: PAGE_SIZE }, now().toISOString()),
      );
      if (answer.changes.length > 0) this.#send(sseEvent('changes', answer, answer.cursor));
      this.#cursor = answer.cursor;
      more = answer.hasMore;
    }
    if (more) this.#queued = true;
    const version = await newestRulesetVersion(db);
    if (version !== undefined && version !== this.#ruleset) {
      this.#ruleset = version;
      this.#send(sseEvent('ruleset', streamRulesetV1Schema.parse({ protocol: PROTOCOL_VERSION, version })));
    }
    const token = await holdsToken(db, this.#scope.terminal);
    if (token !== this.#holds) {
      this.#holds = token;
      this.#send(sseEvent('holds', streamHoldsV1Schema.parse({ protocol: PROTOCOL_VERSION, token })));
    }
  }
}

import type { CommitSignal } from '../sql/commit-signal.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { LedgerHttpError } from '../http/ledger-http-error.js';
import type { ResolvedLiveStreamOptions } from './live-options.js';
import { LiveSession, type LiveScope } from './live-session.js';

/** What the hub needs from the ledger. */
export interface LiveHubContext {
  readonly db: SqlExecutor;
  readonly commits: CommitSignal;
  readonly now: () => Date;
  readonly onError: (error: unknown) => void;
  readonly options: ResolvedLiveStreamOptions;
}

/**
 * The open live streams of this ledger: opens them within the bounds (per terminal and in
 * all), wakes every one of them on each commit and on a slow timer (other processes' commits),
 * sends their heartbeats, and ends them all on close. Timers run only while a stream is open
 * and never keep the process alive.
 */
export class LiveHub {
  readonly #c: LiveHubContext;
  readonly #sessions = new Set<LiveSession>();
  readonly #unsubscribe: () => void;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #recheck: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(context: LiveHubContext) {
    this.#c = context;
    this.#unsubscribe = context.commits.subscribe(() => this.#wakeAll());
  }

  /** How many streams are open. */
  get size(): number {
    return this.#sessions.size;
  }

  /**
   * Opens a stream for `scope`, reads once (so a bad cursor is a 400 before anything is sent)
   * and answers with the event stream. Refuses `429 too_many_streams` past a bound; ends the
   * stream when `signal` aborts (the client went away).
   */
  async open(scope: LiveScope, signal: AbortSignal): Promise<Response> {
    const { options } = this.#c;
    if (this.#closed) throw new LedgerHttpError(503, 'storage_unavailable', 'the ledger is closing');
    const mine = [...this.#sessions].filter((s) => s.terminalId === scope.terminal.terminalId).length;
    if (mine >= options.maxStreamsPerTerminal) {
      throw new LedgerHttpError(429, 'too_many_streams', `this terminal already holds ${mine} open streams (at most ${options.maxStreamsPerTerminal}); close one or pull`);
    }
    if (this.#sessions.size >= options.maxStreams) {
      throw new LedgerHttpError(429, 'too_many_streams', `the ledger holds ${this.#sessions.size} open streams (at most ${options.maxStreams}); pull meanwhile`);
    }
    const session: LiveSession = new LiveSession(
      {
        db: this.#c.db,
        now: this.#c.now,
        retryMs: options.retryMs,
        onError: this.#c.onError,
        onEnd: () => {
          this.#sessions.delete(session);
          signal.removeEventListener('abort', onAbort);
          this.#timers();
        },
      },
      scope,
    );
    const onAbort = () => void session.end();
    this.#sessions.add(session);
    signal.addEventListener('abort', onAbort);
    this.#timers();
    try {
      await session.first();
    } catch (error) {
      await session.end();
      throw error;
    }
    if (signal.aborted) await session.end();
    return new Response(session.body, {
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store, no-transform',
        // Asks nginx-like proxies not to buffer the events.
        'x-accel-buffering': 'no',
      },
    });
  }

  /** Ends every stream and stops listening; resolves when no read is in flight. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe();
    await Promise.all([...this.#sessions].map((s) => s.end()));
    this.#timers();
  }

  #wakeAll(): void {
    for (const session of this.#sessions) session.wake();
  }

  // Timers run while a stream is open.
  #timers(): void {
    const { heartbeatMs, recheckMs } = this.#c.options;
    if (this.#sessions.size > 0 && !this.#closed) {
      this.#heartbeat ??= setInterval(() => {
        for (const session of this.#sessions) session.heartbeat();
      }, heartbeatMs);
      this.#heartbeat.unref?.();
      if (recheckMs > 0) {
        this.#recheck ??= setInterval(() => this.#wakeAll(), recheckMs);
        this.#recheck.unref?.();
      }
    } else {
      clearInterval(this.#heartbeat);
      clearInterval(this.#recheck);
      this.#heartbeat = undefined;
      this.#recheck = undefined;
    }
  }
}

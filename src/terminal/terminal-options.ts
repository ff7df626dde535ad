import * as z from 'zod/mini';
import { ERROR_CODES } from '../errors/error-codes.js';
import { parseOrThrow } from '../errors/from-zod.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import { idSchema } from '../protocol/index.js';
import type { LeaderElection } from '../sync/leader-election.js';
import { isTimers, platformTimers, type Timers } from '../sync/timers.js';
import { reportToConsole, type ListenerErrorEvent } from './events.js';
import type { TabChannel } from './tab-channel.js';

/** Options of `createTerminal`. */
export interface TerminalOptions {
  /** Base URL of the ledger, e.g. `https://loyalty.example.in`. */
  readonly ledgerUrl: string;
  /** This till's id, as registered at the ledger. */
  readonly terminalId: string;
  /** The store the till belongs to. */
  readonly storeId: string;
  /** The till's API key from the ledger (`tp_term_…`). */
  readonly apiKey: string;
  /** The IndexedDB factory. @default globalThis.indexedDB (pass fake-indexeddb's in Node) */
  readonly indexedDB?: IDBFactory;
  /** IndexedDB's key range class, with `indexedDB`. @default globalThis.IDBKeyRange */
  readonly IDBKeyRange?: typeof IDBKeyRange;
  /** The fetch to reach the ledger with. @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch;
  /** Name of the local database. @default `tillpoints-<storeId>-<terminalId>` */
  readonly databaseName?: string;
  /** Most intents per push. @default 200 */
  readonly batchSize?: number;
  /** How long a request may take before it counts as failed. @default 8000 */
  readonly requestTimeoutMs?: number;
  /**
   * How long a redemption waits for the ledger to place its hold (and a lookup for the
   * member's allowance) before the till decides offline, by the store's cached policy.
   * @default 1500
   * @example holdDeadlineMs: 1000
   */
  readonly holdDeadlineMs?: number;
  /**
   * How long `enrol()` waits for the ledger to say whether the phone number already belongs to
   * a member, and `accrue()`/`checkout()` for a member this till has never seen, before going
   * on without it (enrolling offline; refusing an unknown member with `member_not_found`).
   * @default 1500
   * @example 800
   */
  readonly memberDeadlineMs?: number;
  /** Pause between rounds while all is well (pulls changes made elsewhere). @default 15000 */
  readonly pullIntervalMs?: number;
  /** First and longest pause after failures (exponential backoff with jitter). @default { baseMs: 500, maxMs: 30000 } */
  readonly retry?: { readonly baseMs: number; readonly maxMs: number };
  /** A confirmed balance older than this shows as `stale`. @default 300000 (5 min) */
  readonly staleAfterMs?: number;
  /** How long settled intents stay as the audit trail (receipts, "why is my balance X"). @default 30 days */
  readonly retainSettledMs?: number;
  /**
   * Which tab runs the sync loop: Web Locks where the platform has them, else a lease in
   * the database; or your own {@link LeaderElection} (a test, a simulator, another platform's lock).
   * @default 'auto'
   * @example leaderElection: { tryLead: async () => true, release: async () => {} }
   */
  readonly leaderElection?: 'auto' | 'web-locks' | 'lease' | LeaderElection;
  /**
   * How the terminal objects on one database (tabs) tell each other of new intents and pulls.
   * @default a BroadcastChannel on the platform's IndexedDB; an in-process bus keyed by an injected `indexedDB` factory
   */
  readonly tabChannel?: TabChannel;
  /** Start syncing on `start()` and after every intent. Off, rounds run only on `sync()`. @default true */
  readonly autoSync?: boolean;
  /**
   * Hold a live stream from the ledger (`POST /v1/stream`, leader tab only, with `autoSync`):
   * balances changed at other tills, new rulesets and changes to this till's holds arrive as
   * they commit instead of at the next pull. While it is down the till pulls every
   * `pullIntervalMs` and reconnects with backoff; a ledger without the stream is simply pulled.
   * @default true
   * @example liveStream: false
   */
  readonly liveStream?: boolean;
  /**
   * Hints that the network came or went (never trusted alone: a request decides).
   * @default the `online`/`offline` events of `globalThis`, where it has them
   */
  readonly connectivity?: { subscribe(listener: (hint: 'online' | 'offline') => void): () => void };
  /** The clock (ms since epoch). @default Date.now */
  readonly now?: () => number;
  /** Randomness for backoff jitter. @default Math.random */
  readonly random?: () => number;
  /**
   * The timers every wait of the SDK runs on: the sync loop's next round and its backoff, each
   * request's timeout (`requestTimeoutMs`, `holdDeadlineMs`), the member deadline. Pass your own
   * to drive time by hand (a test, a simulator).
   * @default the platform's `setTimeout`/`clearTimeout`, unref'd in Node (a pending round never keeps a process alive)
   * @example timers: { setTimeout: (run, ms) => queue.add(run, ms), clearTimeout: (handle) => queue.remove(handle) }
   */
  readonly timers?: Timers;
  /**
   * Where a throw of an event listener goes when no `error` listener takes it, or an `error`
   * listener threw itself. A throwing listener never breaks the till's bookkeeping.
   * @default console.error
   * @example onListenerError: ({ event, error }) => logger.warn({ event, error }, 'till listener threw')
   */
  readonly onListenerError?: (e: ListenerErrorEvent) => void;
}

const positive = (max: number) => z.int().check(z.minimum(1), z.maximum(max));

const optionsSchema = z.object({
  ledgerUrl: z.url({ protocol: /^https?$/ }),
  terminalId: idSchema,
  storeId: idSchema,
  apiKey: z.string().check(z.minLength(8), z.maxLength(200)),
  indexedDB: z.optional(z.custom<IDBFactory>((v) => typeof (v as IDBFactory | undefined)?.open === 'function', 'must be an IDBFactory')),
  IDBKeyRange: z.optional(z.custom<typeof IDBKeyRange>((v) => typeof v === 'function', 'must be IDBKeyRange')),
  fetch: z.optional(z.custom<typeof fetch>((v) => typeof v === 'function', 'must be a function')),
  databaseName: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  batchSize: z.optional(positive(1000)),
  requestTimeoutMs: z.optional(positive(600_000)),
  holdDeadlineMs: z.optional(positive(600_000)),
  pullIntervalMs: z.optional(positive(86_400_000)),
  memberDeadlineMs: z.optional(positive(600_000)),
  retry: z.optional(z.object({ baseMs: positive(600_000), maxMs: positive(3_600_000) }).check(z.refine((r) => r.maxMs >= r.baseMs, 'maxMs must be at least baseMs'))),
  staleAfterMs: z.optional(positive(Number.MAX_SAFE_INTEGER)),
  retainSettledMs: z.optional(z.int().check(z.minimum(0))),
  leaderElection: z.optional(
    z.union([
      z.enum(['auto', 'web-locks', 'lease']),
      z.custom<LeaderElection>((v) => typeof (v as LeaderElection | null)?.tryLead === 'function' && typeof (v as LeaderElection).release === 'function', 'must have tryLead() and release()'),
    ]),
  ),
  tabChannel: z.optional(
    z.custom<TabChannel>((v: unknown) => ['post', 'listen', 'close'].every((m) => typeof (v as Record<string, unknown> | null)?.[m] === 'function'), 'must have post(), listen() and close()'),
  ),
  autoSync: z.optional(z.boolean()),
  liveStream: z.optional(z.boolean()),
  connectivity: z.optional(z.custom<NonNullable<TerminalOptions['connectivity']>>((v) => typeof (v as { subscribe?: unknown })?.subscribe === 'function', 'must have subscribe()')),
  now: z.optional(z.custom<() => number>((v) => typeof v === 'function', 'must be a function')),
  random: z.optional(z.custom<() => number>((v) => typeof v === 'function', 'must be a function')),
  timers: z.optional(z.custom<Timers>(isTimers, 'must have setTimeout() and clearTimeout()')),
  onListenerError: z.optional(z.custom<(e: ListenerErrorEvent) => void>((v) => typeof v === 'function', 'must be a function')),
});

/** The options with every default filled in. */
export type ResolvedTerminalOptions = Required<Omit<TerminalOptions, 'indexedDB' | 'IDBKeyRange' | 'fetch' | 'connectivity' | 'tabChannel'>> &
  Pick<TerminalOptions, 'indexedDB' | 'IDBKeyRange' | 'fetch' | 'connectivity' | 'tabChannel'>;

/** Validates options (throwing `invalid_options` with every issue) and fills in the defaults. */
export function resolveTerminalOptions(options: TerminalOptions): ResolvedTerminalOptions {
  const o = parseOrThrow(optionsSchema, options, ERROR_CODES.invalidOptions, 'invalid terminal options');
  const indexedDB = o.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!indexedDB) {
    throw new TillpointsError(ERROR_CODES.invalidOptions, 'invalid terminal options: this platform has no indexedDB; pass one (e.g. fake-indexeddb in Node)');
  }
  return {
    ...o,
    ledgerUrl: o.ledgerUrl.replace(/\/+$/, ''),
    ...(indexedDB ? { indexedDB } : {}),
    databaseName: o.databaseName ?? `tillpoints-${o.storeId}-${o.terminalId}`,
    batchSize: o.batchSize ?? 200,
    requestTimeoutMs: o.requestTimeoutMs ?? 8000,
    holdDeadlineMs: o.holdDeadlineMs ?? 1500,
    pullIntervalMs: o.pullIntervalMs ?? 15_000,
    memberDeadlineMs: o.memberDeadlineMs ?? 1500,
    retry: o.retry ?? { baseMs: 500, maxMs: 30_000 },
    staleAfterMs: o.staleAfterMs ?? 300_000,
    retainSettledMs: o.retainSettledMs ?? 30 * 24 * 3_600_000,
    leaderElection: o.leaderElection ?? 'auto',
    autoSync: o.autoSync ?? true,
    liveStream: o.liveStream ?? true,
    now: o.now ?? Date.now,
    random: o.random ?? Math.random,
    timers: o.timers ?? platformTimers,
    onListenerError: o.onListenerError ?? reportToConsole,
  } as ResolvedTerminalOptions;
}

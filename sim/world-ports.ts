/**
 * The ONE place where the simulator meets the seams of issue 9 that have not landed yet.
 * Everything else in `sim/` codes against the target names; when the seams land, switch the
 * flags in {@link SEAMS} and the marked stopgaps below, and nothing else changes.
 *
 * Both sides are written here: the target behind each flag (typed through casts until the
 * options exist), the stopgap otherwise.
 *
 * Stopgaps (nondeterministic, fine for development):
 * - network: the real ledger listens on loopback and {@link LedgerPort.deliver} uses `fetch`
 *   to it. Target: `ledger.fetch(request)`, in-process.
 * - database: one ledger (one in-memory PGlite) for the whole process, its data reset between
 *   runs; a ledger "crash" only loses the answers in flight. Target: `database: { kind: 'shared' }`
 *   and a new `Ledger` object over the same database on each run and each crash.
 * - timers: `timers` is passed but ignored by today's SDK, so tills run with `autoSync: false`
 *   and the simulator runs their rounds itself (sim/auto-sync.ts: every pull interval and
 *   after each intent, on the tab's virtual timers); the simulated network enforces each till's
 *   request timeout on the virtual clock. Target: the SDK's own timers on {@link SimTimers}.
 * - ids: `random` seeds the SDK's and ledger's ids only once those seams exist.
 */
import { IDBKeyRange } from 'fake-indexeddb';
import { createTerminal, type Terminal, type TerminalOptions } from '../src/index.js';
import { createLedger, type Ledger, type LedgerOptions, type SqlDatabase } from '../src/ledger/index.js';
import { openDatabase } from '../src/ledger/sql/open-database.js';
import type { SimTimers } from './sim-timers.js';

/** Which seams of issue 9 the simulator may rely on. Flip each when it lands. */
export const SEAMS = {
  /** `ledger.fetch`, `now`/`random` options and `database: { kind: 'shared' }` on the ledger. */
  ledgerFetch: true,
  /** `timers` (and `random`-seeded ids) on the terminal: autoSync rounds on the virtual clock. */
  terminalTimers: true,
} as const;

/** A fixed admin key: the same across runs and ledger restarts. */
export const SIM_ADMIN_KEY = 'tp_admin_simulator_0000000000000000';

/** The base URL tills are given (requests never leave the process once `ledger.fetch` is in). */
const SIM_LEDGER_URL = 'http://ledger.sim';

/** The ledger as the simulator sees it. */
export interface LedgerPort {
  /** The URL tills are configured with. */
  readonly baseUrl: string;
  /** Hands one request to the ledger and answers its response. */
  deliver(request: Request): Promise<Response>;
  /** The ledger's database (to reset and to inspect). */
  readonly database: SqlDatabase;
  /** Expires holds and allowances past their expiry, by the ledger's clock. */
  sweepHolds(): Promise<number>;
  /** The ledger process dies between transactions and starts again over the same database. */
  restart(): Promise<void>;
}

const LEDGER_OPTIONS = {
  adminKey: SIM_ADMIN_KEY,
  holdSweepMs: 0,
  limits: { manualPointsPerBill: 2_147_483_647 },
  onError: () => {},
} satisfies LedgerOptions;

// --- stopgap: one loopback ledger per process, whose clock follows the current run ---
let clockOfRun: () => number = Date.now;
let randomOfRun: () => number = Math.random;
let shared: Promise<{ ledger: Ledger; url: string }> | undefined;

function sharedLedger(): Promise<{ ledger: Ledger; url: string }> {
  shared ??= (async () => {
    const options = { ...LEDGER_OPTIONS, now: () => new Date(clockOfRun()), random: () => randomOfRun() };
    const ledger = await createLedger(options as LedgerOptions);
    return { ledger, url: await ledger.listen() };
  })();
  return shared;
}

// --- target: one in-memory database per process; a Ledger object per run and per crash ---
let sharedDatabase: Promise<SqlDatabase> | undefined;
let current: Ledger | undefined;

/** The seam: a ledger over an open database it does not own, served in-process. */
type SeamLedger = Ledger & { fetch(request: Request): Promise<Response> };

async function seamLedger(database: SqlDatabase, clock: () => number, random: () => number): Promise<SeamLedger> {
  const options = { ...LEDGER_OPTIONS, now: () => new Date(clock()), random, database: { kind: 'shared', database } };
  return (await createLedger(options as unknown as LedgerOptions)) as SeamLedger;
}

/** Opens the ledger for one run, on the run's virtual clock and random stream, with empty data. */
export async function openLedgerPort(clock: () => number, random: () => number): Promise<LedgerPort> {
  if (SEAMS.ledgerFetch) {
    sharedDatabase ??= openDatabase({ kind: 'pglite' });
    const database = await sharedDatabase;
    await current?.close();
    await resetLedgerData(database);
    let ledger = await seamLedger(database, clock, random);
    current = ledger;
    return {
      baseUrl: SIM_LEDGER_URL,
      database,
      sweepHolds: () => ledger.sweepHolds(),
      deliver: (request) => ledger.fetch(request),
      async restart() {
        await ledger.close();
        ledger = await seamLedger(database, clock, random);
        current = ledger;
      },
    };
  }
  clockOfRun = clock;
  randomOfRun = random;
  const { ledger, url } = await sharedLedger();
  await resetLedgerData(ledger.database);
  return {
    baseUrl: url,
    database: ledger.database,
    sweepHolds: () => ledger.sweepHolds(),
    async deliver(request) {
      const target = new URL(request.url);
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      return fetch(url + target.pathname + target.search, { method: request.method, headers: request.headers, ...(body ? { body } : {}) });
    },
    async restart() {
      // Nothing to rebuild: one ledger object serves every run (its in-flight answers are lost at the network).
    },
  };
}

/** Closes the process's ledger and database (the end of a simulation). */
export async function closeLedgerPorts(): Promise<void> {
  const s = shared;
  shared = undefined;
  if (s) await (await s).ledger.close();
  await current?.close();
  current = undefined;
  const d = sharedDatabase;
  sharedDatabase = undefined;
  if (d) await (await d).close();
}

/** Empties every data table (keeping the schema, its migrations and the admin keys), numbering from 1 again. */
export async function resetLedgerData(database: SqlDatabase): Promise<void> {
  const rows = await database.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT IN ('schema_migrations', 'admin_keys') ORDER BY tablename`,
  );
  if (rows.length > 0) await database.exec(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
}

/** What makes one tab of a till. */
export interface SimTabOptions {
  readonly baseUrl: string;
  readonly terminalId: string;
  readonly storeId: string;
  readonly apiKey: string;
  readonly indexedDB: IDBFactory;
  readonly fetch: typeof globalThis.fetch;
  readonly now: () => number;
  readonly random: () => number;
  readonly timers: SimTimers;
  readonly requestTimeoutMs: number;
  readonly holdDeadlineMs: number;
  readonly pullIntervalMs: number;
}

/** Creates (not starts) one tab's terminal with the simulator's clock, network, timers and randomness. */
export function createSimTerminal(o: SimTabOptions): Terminal {
  const options = {
    ledgerUrl: o.baseUrl, terminalId: o.terminalId, storeId: o.storeId, apiKey: o.apiKey,
    indexedDB: o.indexedDB, IDBKeyRange, fetch: o.fetch, now: o.now, random: o.random,
    requestTimeoutMs: o.requestTimeoutMs, holdDeadlineMs: o.holdDeadlineMs, memberDeadlineMs: o.holdDeadlineMs,
    pullIntervalMs: o.pullIntervalMs, retry: { baseMs: 500, maxMs: 8000 },
    leaderElection: 'lease',
    timers: o.timers, // ignored until the seam lands
    autoSync: SEAMS.terminalTimers,
  };
  return createTerminal(options as TerminalOptions);
}

/**
 * Whether the simulated network must time requests out itself (on the virtual clock): until the
 * SDK's request timeout runs on `timers`, its own (real) timeout would fire on real time.
 */
export const NETWORK_ENFORCES_TIMEOUT = !SEAMS.terminalTimers;

/** Whether the simulator runs sync rounds on each tab's virtual timers itself (sim/auto-sync.ts) because the SDK's loop cannot yet. */
export const EMULATE_AUTO_SYNC = !SEAMS.terminalTimers;

/**
 * Where the simulator meets the real SDK and ledger: the ledger served in-process
 * (`ledger.fetch`) over one in-memory PGlite database shared by every run (its data reset
 * between runs; a crash drops the `Ledger` object and builds a new one over the same
 * database), on the run's virtual clock and seeded ids; each tab a real terminal on the
 * simulator's network, clock, timers and randomness, its sync loop running on its own
 * (virtual) timers.
 */
import { IDBKeyRange } from 'fake-indexeddb';
import { createTerminal, type Terminal, type TerminalOptions } from '../src/index.js';
import { createLedger, type Ledger, type LedgerOptions, type SqlDatabase } from '../src/ledger/index.js';
import { openPgliteInThread } from '../src/ledger/sql/pglite-database.js';
import type { SimTimers } from './sim-timers.js';

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

let sharedDatabase: Promise<SqlDatabase> | undefined;
let current: Ledger | undefined;

/** A ledger over the shared database (which it does not own), on the run's clock and ids. */
function seamLedger(database: SqlDatabase, clock: () => number, random: () => number): Promise<Ledger> {
  return createLedger({ ...LEDGER_OPTIONS, now: () => new Date(clock()), random, database: { kind: 'shared', database } });
}

/** Opens the ledger for one run, on the run's virtual clock and random stream, with empty data. */
export async function openLedgerPort(clock: () => number, random: () => number): Promise<LedgerPort> {
  // In this thread: the run's virtual clock must decide everything (no worker, no real-time wait limit).
  sharedDatabase ??= openPgliteInThread();
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

/** Closes the process's ledger and database (the end of a simulation). */
export async function closeLedgerPorts(): Promise<void> {
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
    timers: o.timers,
    // The simulated network answers whole requests; it does not model a long-lived stream (the tills pull).
    liveStream: false,
  } satisfies TerminalOptions;
  return createTerminal(options);
}


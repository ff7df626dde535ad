/**
 * A reference ledger for the terminal benches, on PGlite (in memory) or PostgreSQL (a
 * throwaway server from startPostgresServer(), or DATABASE_URL), over HTTP on loopback, with
 * a few helpers: register a terminal, add members, push a body straight over HTTP, check the
 * trial balance.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createLedger, type DatabaseConfig, type Ledger } from '../../src/ledger/index.js';
import type { NewMemberV1, TrialBalanceV1 } from '../../src/protocol/index.js';
import { startPostgresServer, type PostgresServer } from '../../test/support/postgres-server.js';

export type BenchDatabase = 'pglite' | 'postgres';

export interface BenchLedger {
  readonly kind: BenchDatabase;
  readonly url: string;
  readonly adminKey: string;
  request(method: string, path: string, key: string, body?: string): Promise<{ status: number; text: string }>;
  addTerminal(terminalId: string, storeId: string): Promise<string>;
  addMembers(members: NewMemberV1[]): Promise<void>;
  pointsOf(memberId: string): Promise<number>;
  /** Throws unless the trial balance is even. */
  checkTrialBalance(): Promise<void>;
  close(): Promise<void>;
}

let server: PostgresServer | undefined;

/**
 * An empty PostgreSQL database: DATABASE_URL (used once, it must be empty), or a new database
 * on a server started now and shared by the run (stopped by {@link stopPostgres}).
 */
async function postgresUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  server ??= await startPostgresServer();
  const name = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function stopPostgres(): Promise<void> {
  await server?.stop();
  server = undefined;
}

/** Where the bench's ledger runs: in the bench's own process, or in one of its own (as in a shop's back office). */
export type LedgerPlace = 'in-process' | 'own-process';

/** A ledger listening on loopback, and how to close it. */
interface Listening {
  readonly url: string;
  readonly adminKey: string | undefined;
  close(): Promise<void>;
}

async function listenInProcess(database: DatabaseConfig): Promise<Listening> {
  const ledger: Ledger = await createLedger({
    database,
    // Accruals without bill lines or a ruleset: lift the manual-points cap (0 by default).
    limits: { manualPointsPerBill: 2_147_483_647 },
    onError: () => {},
  });
  const url = await ledger.listen();
  return { url, adminKey: ledger.adminKey, close: () => ledger.close() };
}

/** The ledger in a child process (support/ledger-process.ts): the till's work and the ledger's then run on different cores. */
async function listenInOwnProcess(database: DatabaseConfig): Promise<Listening> {
  const script = fileURLToPath(new URL('./ledger-process.ts', import.meta.url));
  // BENCH_CPU_PROF=<dir>: a CPU profile of the ledger's main thread, for where its time goes.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = fork(script, { execArgv: ['--import', 'tsx', ...profile], env: { ...process.env, LEDGER_DATABASE: JSON.stringify(database) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<{ url: string; adminKey?: string }>((resolve, reject) => {
    child.on('message', (m: { ready?: boolean; url: string; adminKey?: string }) => m.ready && resolve(m));
    child.once('exit', (code) => reject(new Error(`the ledger process exited with code ${code} before listening`)));
  });
  return {
    url: ready.url,
    adminKey: ready.adminKey,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'close' });
      }),
  };
}

export async function startBenchLedger(kind: BenchDatabase, place: LedgerPlace = 'in-process'): Promise<BenchLedger> {
  const database: DatabaseConfig = kind === 'pglite' ? { kind: 'pglite' } : { kind: 'postgres', url: await postgresUrl(), poolSize: 16 };
  const ledger = place === 'in-process' ? await listenInProcess(database) : await listenInOwnProcess(database);
  const { url, adminKey } = ledger;
  if (!adminKey) throw new Error('the bench needs a fresh database (DATABASE_URL must name an empty one)');
  const request = async (method: string, path: string, key: string, body?: string) => {
    const res = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body }),
    });
    return { status: res.status, text: await res.text() };
  };
  const expect = async (what: string, status: number, reply: Promise<{ status: number; text: string }>) => {
    const r = await reply;
    if (r.status !== status) throw new Error(`${what} answered ${r.status}, expected ${status}: ${r.text.slice(0, 300)}`);
    return JSON.parse(r.text);
  };
  return {
    kind, url, adminKey, request,
    async addTerminal(terminalId, storeId) {
      const body = JSON.stringify({ protocol: 'v1', terminalId, storeId });
      return (await expect('POST /v1/admin/terminals', 201, request('POST', '/v1/admin/terminals', adminKey, body))).apiKey as string;
    },
    async addMembers(members) {
      await expect('POST /v1/admin/members', 201, request('POST', '/v1/admin/members', adminKey, JSON.stringify({ protocol: 'v1', members })));
    },
    async pointsOf(memberId) {
      return (await expect('member lookup', 200, request('GET', `/v1/members/lookup?memberId=${memberId}`, adminKey))).member.balance.points as number;
    },
    async checkTrialBalance() {
      const trial = (await expect('trial balance', 200, request('GET', '/v1/admin/trial-balance', adminKey))) as TrialBalanceV1;
      if (trial.total !== 0 || trial.mismatchedMembers.length > 0) throw new Error(`${kind}: the trial balance is off: ${JSON.stringify(trial)}`);
    },
    async close() {
      await ledger.close();
    },
  };
}

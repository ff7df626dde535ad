import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { monotonicUlids } from '../../src/protocol/ulid.js';
import { inject } from 'vitest';
import { freshPglite } from './pglite-template.js';
import { createLedger, type Ledger, type LedgerOptions } from '../../src/ledger/index.js';
import type { IntentV1, NewMemberV1 } from '../../src/protocol/index.js';

/** Both storage engines every ledger test runs against. */
export const DATABASES = ['pglite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASES)[number];

/** A JSON answer: status and parsed body. */
export interface Reply<T = any> {
  readonly status: number;
  readonly body: T;
}

/** A running ledger on a fresh database, with a few HTTP helpers. */
export interface TestLedger {
  readonly ledger: Ledger;
  readonly url: string;
  readonly adminKey: string;
  post<T = any>(path: string, body: unknown, key: string): Promise<Reply<T>>;
  get<T = any>(path: string, key: string): Promise<Reply<T>>;
  addTerminal(terminalId: string, storeId: string): Promise<string>;
  addMembers(members: NewMemberV1[]): Promise<void>;
  /** Registers a manager's PIN for a store (the one {@link intentMaker}'s `adjust` approves with, by default). */
  addManager(storeId: string, managerId?: string, pin?: string): Promise<void>;
  /** Rows of a table, to check that a refused request wrote nothing. */
  count(table: 'intents' | 'journal' | 'members' | 'terminals'): Promise<number>;
  close(): Promise<void>;
}

/** Makes an empty PostgreSQL database on the test server; `drop` removes it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject('postgresUrl');
  const name = `tp_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The manager and PIN test tills approve their adjustments with. */
export const TEST_MANAGER = { managerId: 'manager-1', pin: '246810' } as const;

/**
 * Limits test ledgers run with unless a test passes its own: accruals without bill lines
 * (most tests) are not capped, as they are by default (0).
 */
export const GENEROUS_LIMITS = { manualPointsPerBill: 2_147_483_647 } as const;

/**
 * The redemption policy test ledgers run with unless a test passes its own: offline redemption
 * within allowances (the built-in default is `deny`, tested in test/ledger/allowances.test.ts).
 */
export const TEST_REDEMPTION_POLICY = { offline: 'allowance' } as const;

/** Starts a ledger on a fresh database of `kind`, listening on a loopback port. */
export async function startTestLedger(kind: DatabaseKind, options: Omit<LedgerOptions, 'database'> = {}): Promise<TestLedger> {
  const pgdb = kind === 'postgres' ? await createPostgresDatabase() : undefined;
  const embedded = pgdb ? undefined : await freshPglite(); // the ledger migrates it; closed with the ledger below
  const ledger = await createLedger({
    limits: GENEROUS_LIMITS,
    redemptionPolicy: TEST_REDEMPTION_POLICY,
    ...options,
    database: pgdb ? { kind: 'postgres', url: pgdb.url, poolSize: 20 } : { kind: 'shared', database: embedded! },
    onError: options.onError ?? (() => {}),
  });
  // A fresh database: the ledger made its first admin key.
  const adminKey = ledger.adminKey!;
  const url = await ledger.listen();
  const request = async (method: string, path: string, key: string, body?: unknown): Promise<Reply> => {
    const res = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const self: TestLedger = {
    ledger,
    url,
    adminKey,
    post: (path, body, key) => request('POST', path, key, body),
    get: (path, key) => request('GET', path, key),
    async addTerminal(terminalId, storeId) {
      const r = await self.post('/v1/admin/terminals', { protocol: 'v1', terminalId, storeId }, adminKey);
      if (r.status !== 201) throw new Error(`addTerminal: ${JSON.stringify(r.body)}`);
      return r.body.apiKey as string;
    },
    async addMembers(members) {
      const r = await self.post('/v1/admin/members', { protocol: 'v1', members }, adminKey);
      if (r.status !== 201) throw new Error(`addMembers: ${JSON.stringify(r.body)}`);
    },
    async addManager(storeId, managerId = TEST_MANAGER.managerId, pin = TEST_MANAGER.pin) {
      const r = await self.post('/v1/admin/managers', { protocol: 'v1', storeId, managerId, pin }, adminKey);
      if (r.status !== 201) throw new Error(`addManager: ${JSON.stringify(r.body)}`);
    },
    async count(table) {
      const rows = await ledger.database.query(`SELECT count(*)::int AS n FROM ${table}`);
      return Number(rows[0]!.n);
    },
    async close() {
      await ledger.close();
      await embedded?.close();
      await pgdb?.drop();
    },
  };
  return self;
}

/** Makes intents for one terminal with increasing ULIDs and seq numbers, as a till would. */
export function intentMaker(terminalId: string, storeId: string) {
  const nextId = monotonicUlids();
  let seq = 0;
  const base = () => ({ intentId: nextId(), terminalId, storeId, seq: ++seq, occurredAt: new Date().toISOString() });
  return {
    accrue: (memberId: string, points: number, billId = `B${seq + 1}`): IntentV1 => ({
      ...base(), kind: 'accrue', memberId, points, bill: { billId, amountPaise: points * 100 },
    }),
    redeem: (memberId: string, points: number): IntentV1 => ({ ...base(), kind: 'redeem', memberId, points }),
    reverse: (memberId: string, originalIntentId: string, points: number): IntentV1 => ({
      ...base(), kind: 'reverse', memberId, originalIntentId, points,
    }),
    /** A till's adjustment, approved by {@link TEST_MANAGER} unless `approval` says otherwise (null: none). */
    adjust: (memberId: string, points: number, approval: { managerId: string; pin: string } | null = TEST_MANAGER): IntentV1 => ({
      ...base(), kind: 'adjust', memberId, points, reason: 'test', approvedBy: 'manager-1', ...(approval ? { approval } : {}),
    }),
  };
}

/** The body of a push of `intents` from terminal `terminalId` of `storeId`. */
export function pushBody(terminalId: string, storeId: string, intents: IntentV1[]) {
  return { protocol: 'v1', terminalId, storeId, intents };
}

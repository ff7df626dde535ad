import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLedger, type Ledger } from '../../src/ledger/index.js';
import { GENEROUS_LIMITS, intentMaker, pushBody } from '../support/ledger-fixture.js';
import { startPostgresServer, type PostgresServer } from '../support/postgres-server.js';

const APP = 'tp-outage-ledger';

// A PostgreSQL server of this file's own, restarted and cut off under a running ledger.
describe('the ledger outlives its PostgreSQL server', () => {
  let server: PostgresServer;
  let ledger: Ledger;
  let url: string;
  let key: string;
  let ledgerDbUrl: string;
  const uncaught = vi.fn();
  const unhandled = vi.fn();

  beforeAll(async () => {
    server = await startPostgresServer();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE ledger');
    await admin.end();
    const u = new URL(server.url);
    u.pathname = '/ledger';
    u.searchParams.set('application_name', APP);
    ledgerDbUrl = u.toString();
    ledger = await createLedger({ database: { kind: 'postgres', url: ledgerDbUrl, poolSize: 4 }, limits: GENEROUS_LIMITS, onError: () => {} });
    url = await ledger.listen();
    key = (await post('/v1/admin/terminals', { protocol: 'v1', terminalId: 'T1', storeId: 'S1' }, ledger.adminKey!)).body.apiKey;
    await post('/v1/admin/members', { protocol: 'v1', members: [{ memberId: 'M1', openingPoints: 1_000 }] }, ledger.adminKey!);
  });
  afterAll(async () => {
    await ledger?.close();
    await server?.stop();
  });
  beforeEach(() => {
    process.on('uncaughtException', uncaught);
    process.on('unhandledRejection', unhandled);
  });
  afterEach(() => {
    process.off('uncaughtException', uncaught);
    process.off('unhandledRejection', unhandled);
    expect(uncaught).not.toHaveBeenCalled();
    expect(unhandled).not.toHaveBeenCalled();
  });

  async function post(path: string, body: unknown, apiKey: string): Promise<{ status: number; body: any }> {
    const res = await fetch(url + path, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }
  const health = async () => {
    const res = await fetch(`${url}/v1/health`);
    return { status: res.status, body: await res.json() };
  };

  /** A connection that holds M1's row, so the ledger's next push waits inside its transaction (a checked-out connection). */
  async function holdMember(): Promise<pg.Client> {
    const blocker = new pg.Client({ connectionString: ledgerDbUrl.replace(APP, 'tp-outage-blocker') });
    blocker.on('error', () => {}); // it dies with the server too
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(`SELECT 1 FROM members WHERE member_id = 'M1' FOR UPDATE`);
    return blocker;
  }

  /** Waits (bounded) until one of the ledger's connections waits for a lock: the push is inside its transaction. */
  async function untilLedgerWaitsForLock(): Promise<void> {
    const watcher = new pg.Client({ connectionString: server.url });
    await watcher.connect();
    try {
      for (let i = 0; i < 200; i++) {
        const r = await watcher.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [APP]);
        if (r.rows[0].n > 0) return;
        await new Promise((done) => setTimeout(done, 25));
      }
      throw new Error('the ledger never waited for the lock');
    } finally {
      await watcher.end();
    }
  }

  /** Pushes `batch` until it is answered 200 (bounded), counting 503s; returns the answer and the time it took. */
  async function pushUntilServed(batch: unknown) {
    const started = performance.now();
    let unavailable = 0;
    for (let attempt = 0; attempt < 400; attempt++) {
      const reply = await post('/v1/push', batch, key);
      if (reply.status === 200) return { reply, unavailable, ms: performance.now() - started };
      expect(reply.status).toBe(503);
      expect(reply.body.error.code).toBe('storage_unavailable');
      unavailable++;
      await new Promise((done) => setTimeout(done, 25));
    }
    throw new Error('the ledger never served again');
  }

  async function trialBalance() {
    const res = await fetch(`${url}/v1/admin/trial-balance`, { headers: { authorization: `Bearer ${ledger.adminKey}` } });
    return (await res.json()) as { total: number; mismatchedMembers: string[] };
  }

  it.each(['fast', 'immediate'] as const)('answers 503 while PostgreSQL is down (%s restart), then applies the retried push exactly once', async (mode) => {
    const make = intentMaker('T1', 'S1');
    const batch = pushBody('T1', 'S1', [make.accrue('M1', 10), make.redeem('M1', 5)]);
    const blocker = await holdMember();
    const inFlight = post('/v1/push', batch, key);
    await untilLedgerWaitsForLock();

    await server.halt(mode);
    expect((await inFlight).status).toBe(503);
    let outage503 = 1;
    for (let i = 0; i < 5; i++) {
      const pushed = await post('/v1/push', batch, key);
      const checked = await health();
      expect([pushed.status, pushed.body.error.code, checked.status, checked.body.error.code]).toEqual([503, 'storage_unavailable', 503, 'storage_unavailable']);
      outage503 += 2;
    }
    await blocker.end().catch(() => {});

    await server.resume();
    const back = await pushUntilServed(batch);
    console.log(`[outage ${mode}] 503s while down: ${outage503}; after PostgreSQL was back: ${back.unavailable} more 503s, first successful push after ${back.ms.toFixed(0)} ms`);
    expect(back.reply.body.results.map((r: any) => r.outcome)).toEqual(['applied', 'applied']);
    const again = await post('/v1/push', batch, key);
    expect(again.body.results.map((r: any) => r.outcome)).toEqual(['duplicate', 'duplicate']);
    expect((await health()).status).toBe(200);
    expect(await trialBalance()).toMatchObject({ total: 0, mismatchedMembers: [] });
  });

  it('answers 503 to the push whose connection is terminated (pg_terminate_backend), then serves again', async () => {
    const make = intentMaker('T1', 'S1');
    const batch = pushBody('T1', 'S1', [make.accrue('M1', 7)]);
    const blocker = await holdMember();
    const inFlight = post('/v1/push', batch, key);
    await untilLedgerWaitsForLock();

    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const killed = await admin.query(`SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1) t`, [APP]);
    await admin.end();
    expect(killed.rows[0].n).toBeGreaterThan(0);
    const cut = await inFlight;
    expect([cut.status, cut.body.error.code]).toEqual([503, 'storage_unavailable']);
    await blocker.query('ROLLBACK');
    await blocker.end();

    const back = await pushUntilServed(batch);
    console.log(`[pg_terminate_backend] ${back.unavailable} more 503s after the kill, first successful push after ${back.ms.toFixed(0)} ms`);
    expect(back.reply.body.results.map((r: any) => r.outcome)).toEqual(['applied']);
    expect(await trialBalance()).toMatchObject({ total: 0, mismatchedMembers: [] });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger, type Ledger } from '../../src/ledger/index.js';
import { isLedgerBusy, LedgerBusyError } from '../../src/ledger/sql/ledger-busy-error.js';
import type { SqlDatabase } from '../../src/ledger/sql/sql-database.js';
import { queueDatabaseWork } from '../../src/ledger/sql/work-queue.js';
import { GENEROUS_LIMITS, intentMaker, pushBody } from '../support/ledger-fixture.js';
import { freshPglite } from '../support/pglite-template.js';
import { holdQueue } from '../support/hold-queue.js';


describe('the queue in front of the embedded database', () => {
  let inner: SqlDatabase;
  beforeEach(async () => {
    inner = await freshPglite();
    await inner.exec('CREATE TABLE notes (id int PRIMARY KEY)');
  });
  afterEach(() => inner.close());

  it('runs work one at a time in the order it came', async () => {
    const db = queueDatabaseWork(inner, { maxWaitMs: 60_000 });
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3, 4].map((id) =>
        db.transaction(async (tx) => {
          order.push(id);
          await tx.query('INSERT INTO notes VALUES ($1)', [id]);
          order.push(id);
        }),
      ),
    );
    expect(order).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('refuses work that waited past the bound as busy, having done nothing, and lets the work that started finish', async () => {
    const db = queueDatabaseWork(inner, { maxWaitMs: 50 });
    const holder = holdQueue(db);
    const refused = await db.transaction((tx) => tx.query('INSERT INTO notes VALUES (1)')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LedgerBusyError);
    expect(isLedgerBusy(refused)).toBe(true);
    expect((refused as LedgerBusyError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    holder.release();
    await holder.done;
    expect(await db.query('SELECT count(*)::int AS n FROM notes')).toEqual([{ n: 0 }]);
  });

  it('refuses at once, with the wait it expects, what is sure to wait past the bound', async () => {
    let clock = 0;
    const db = queueDatabaseWork(inner, { maxWaitMs: 15_000, now: () => clock });
    const first = holdQueue(db);
    clock = 10_000; // the transaction took 10 s
    first.release();
    await first.done;
    const second = holdQueue(db);
    const queued = db.query('SELECT 1'); // expects to wait 10 s: admitted
    const refused = await db.query('SELECT 1').catch((e: unknown) => e); // expects 20 s: refused
    expect(refused).toBeInstanceOf(LedgerBusyError);
    expect((refused as LedgerBusyError).retryAfterSeconds).toBe(20);
    second.release();
    await second.done;
    await expect(queued).resolves.toEqual([{ '?column?': 1 }]);
  });

  it('lets ping and close past the queue', async () => {
    let pings = 0;
    const db = queueDatabaseWork({ ...inner, ping: async () => void pings++ }, { maxWaitMs: 60_000 });
    const holder = holdQueue(db);
    await db.ping!();
    expect(pings).toBe(1);
    holder.release();
    await holder.done;
  });
});

describe('a ledger whose database is busy', () => {
  let ledger: Ledger;
  let url: string;
  beforeEach(async () => {
    const database = queueDatabaseWork(await freshPglite(), { maxWaitMs: 50 });
    ledger = await createLedger({ database: { kind: 'shared', database }, limits: GENEROUS_LIMITS, onError: () => {} });
    url = await ledger.listen();
  });
  afterEach(async () => {
    await ledger.close();
    await ledger.database.close();
  });

  it('answers a push 503 ledger_busy with Retry-After, applies nothing, and applies the same push once free', async () => {
    const post = (path: string, body: unknown, key: string) =>
      fetch(url + path, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const registered = await post('/v1/admin/terminals', { protocol: 'v1', terminalId: 'T1', storeId: 'S1' }, ledger.adminKey!);
    const { apiKey } = (await registered.json()) as { apiKey: string };
    expect((await post('/v1/admin/members', { protocol: 'v1', members: [{ memberId: 'M1' }] }, ledger.adminKey!)).status).toBe(201);
    const push = pushBody('T1', 'S1', [intentMaker('T1', 'S1').accrue('M1', 40)]);

    const holder = holdQueue(ledger.database);
    const busy = await post('/v1/push', push, apiKey);
    expect(busy.status).toBe(503);
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await busy.json()).toMatchObject({ error: { code: 'ledger_busy' } });
    holder.release();
    await holder.done;
    expect(await ledger.database.query('SELECT count(*)::int AS n FROM intents')).toEqual([{ n: 0 }]);

    const applied = await post('/v1/push', push, apiKey);
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({ results: [{ outcome: 'applied' }] });
  });
});

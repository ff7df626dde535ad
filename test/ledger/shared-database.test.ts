import { afterAll, describe, expect, it } from 'vitest';
import { createLedger } from '../../src/ledger/index.js';
import { openDatabase } from '../../src/ledger/sql/open-database.js';
import type { SqlDatabase } from '../../src/ledger/sql/sql-database.js';
import { DATABASES, GENEROUS_LIMITS, createPostgresDatabase, intentMaker, pushBody } from '../support/ledger-fixture.js';

const ADMIN_KEY = 'tp_admin_shared-database-test-key-012345';

async function post(ledger: { fetch(request: Request): Promise<Response> }, path: string, key: string, body: unknown) {
  const res = await ledger.fetch(
    new Request(`http://ledger${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  return { status: res.status, body: (await res.json()) as any };
}

describe.each(DATABASES)('a ledger over a shared database (%s)', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function openShared(): Promise<SqlDatabase> {
    if (kind === 'pglite') return openDatabase({ kind: 'pglite' });
    const pg = await createPostgresDatabase();
    cleanups.push(pg.drop);
    return openDatabase({ kind: 'postgres', url: pg.url, poolSize: 4 });
  }

  it('takes over the data of a ledger that crashed (dropped without close), and leaves the database open on close', async () => {
    const database = await openShared();
    cleanups.push(() => database.close());
    const options = { database: { kind: 'shared', database } as const, adminKey: ADMIN_KEY, limits: GENEROUS_LIMITS, holdSweepMs: 0, onError: () => {} };
    const make = intentMaker('T1', 'S1');
    const batch = pushBody('T1', 'S1', [make.accrue('M1', 40)]);

    const crashed = await createLedger(options);
    await post(crashed, '/v1/admin/members', ADMIN_KEY, { protocol: 'v1', members: [{ memberId: 'M1', openingPoints: 10 }] });
    const key = (await post(crashed, '/v1/admin/terminals', ADMIN_KEY, { protocol: 'v1', terminalId: 'T1', storeId: 'S1' })).body.apiKey;
    const applied = await post(crashed, '/v1/push', key, batch);
    expect(applied.body.results.map((r: any) => r.outcome)).toEqual(['applied']);
    // The first ledger is dropped here, as in a crash: no close().

    // The second migrates the database again (nothing to do) and sees everything the first wrote.
    const second = await createLedger(options);
    expect(second.database).toBe(database);
    const retried = await post(second, '/v1/push', key, batch);
    expect(retried.body.results.map((r: any) => r.outcome)).toEqual(['duplicate']);
    expect(retried.body.results[0].original).toEqual(applied.body.results[0]);
    await second.close();

    // Closing a ledger over a shared database leaves the database open for the next one.
    expect(await database.query('SELECT count(*)::int AS n FROM members')).toEqual([{ n: 1 }]);
    const third = await createLedger(options);
    const pulled = await post(third, '/v1/pull', key, { protocol: 'v1', terminalId: 'T1', storeId: 'S1', cursor: null, memberIds: ['M1'] });
    expect(pulled.body.changes.map((c: any) => [c.memberId, c.points])).toEqual([['M1', 50]]);
    await third.close();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger, type Ledger } from '../../src/ledger/index.js';
import { startPgliteWorker, type PgliteWorker } from '../../src/ledger/sql/pglite-worker-database.js';
import { GENEROUS_LIMITS } from '../support/ledger-fixture.js';
import { savedTemplate } from '../support/pglite-template.js';
import { healthOf } from './support/call-ledger.js';

// A copy of a fresh data folder: no initdb in each test.
const fresh = () => {
  const loadDataDir = savedTemplate();
  return startPgliteWorker(loadDataDir ? { loadDataDir } : {});
};

// The embedded database runs one statement at a time in its thread: health must not wait
// behind the statement it is running, and must still tell a stuck database.
describe('health of a ledger whose embedded database is busy', () => {
  let pglite: PgliteWorker;
  let ledger: Ledger;
  let url: string;
  const health = () => healthOf(url);
  beforeEach(async () => {
    pglite = await fresh();
    ledger = await createLedger({ database: { kind: 'shared', database: pglite.database }, limits: GENEROUS_LIMITS, onError: () => {} });
    url = await ledger.listen();
  });
  afterEach(async () => {
    await ledger.close();
    await pglite.database.close();
  });

  it('answers 200 while the database thread runs a long statement, before the statement ends', async () => {
    await pglite.database.query('SELECT 1'); // the thread has just answered
    const order: string[] = [];
    const statement = pglite.database.query('SELECT pg_sleep(1.5)').then(() => order.push('statement'));
    const answer = await health();
    order.push('health');
    await statement;
    expect(answer).toEqual({ status: 200, body: { ok: true, protocol: 'v1', database: 'pglite' } });
    expect(order).toEqual(['health', 'statement']);
  });

  it('answers 503 storage_unavailable once the database thread answered nothing for 2 s nor a ping within 1 s, and 200 once it answers again', async () => {
    await pglite.database.query('SELECT 1');
    const statement = pglite.database.query('SELECT pg_sleep(5)'); // the thread is stuck for 5 s
    let answer = await health();
    for (let tries = 0; answer.status === 200 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer = await health();
    }
    expect(answer).toEqual({ status: 503, body: { error: expect.objectContaining({ code: 'storage_unavailable' }) } });
    await statement;
    expect((await health()).status).toBe(200);
  });
});

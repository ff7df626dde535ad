import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTerminal, type Terminal } from '../../src/index.js';
import { createLedger, type Ledger } from '../../src/ledger/index.js';
import { queueDatabaseWork } from '../../src/ledger/sql/work-queue.js';
import { GENEROUS_LIMITS, TEST_REDEMPTION_POLICY } from '../support/ledger-fixture.js';
import { freshPglite } from '../support/pglite-template.js';
import { bill, nextEvent } from '../support/terminal-fixture.js';
import { HandTimers } from './support/hand-timers.js';
import { holdQueue } from '../support/hold-queue.js';

const RETRY = { baseMs: 200, maxMs: 60_000 }; // a first backoff of 100 ms (random 0): far below any Retry-After
const PULL_MS = 600_000;


// A real ledger whose embedded database is busy: work that cannot start within 50 ms is
// answered 503 ledger_busy with Retry-After.
describe('a till against a busy ledger', () => {
  let ledger: Ledger;
  let till: Terminal;
  let timers: HandTimers;
  beforeEach(async () => {
    const database = queueDatabaseWork(await freshPglite(), { maxWaitMs: 50 });
    ledger = await createLedger({ database: { kind: 'shared', database }, limits: GENEROUS_LIMITS, redemptionPolicy: TEST_REDEMPTION_POLICY, onError: () => {} });
    const url = await ledger.listen();
    const admin = (path: string, body: unknown) =>
      fetch(url + path, { method: 'POST', headers: { authorization: `Bearer ${ledger.adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const { apiKey } = (await (await admin('/v1/admin/terminals', { protocol: 'v1', terminalId: 'till-1', storeId: 'store-1' })).json()) as { apiKey: string };
    await admin('/v1/admin/members', { protocol: 'v1', members: [{ memberId: 'asha', openingPoints: 100 }] });
    timers = new HandTimers();
    till = createTerminal({
      ledgerUrl: url, terminalId: 'till-1', storeId: 'store-1', apiKey, indexedDB: new IDBFactory(), IDBKeyRange,
      autoSync: true, timers, random: () => 0, retry: RETRY, pullIntervalMs: PULL_MS, requestTimeoutMs: 2222, liveStream: false,
    });
  });
  afterEach(async () => {
    await till.close();
    await ledger.close();
    await ledger.database.close();
  });

  it('keeps the bill queued, never quarantined, waits at least Retry-After, then sends it', async () => {
    await till.start();
    await till.lookupMember({ memberId: 'asha' });
    const synced = nextEvent(till, 'sync');
    await timers.fire(0);
    await synced;
    await timers.set(PULL_MS);

    const holder = holdQueue(ledger.database);
    const refused = nextEvent(till, 'status', (s) => s.lastError !== null);
    await till.accrue({ memberId: 'asha', points: 5, bill: bill('B1', 5000) });
    // The bill is pushed as soon as it is stored (push first), and the ledger is busy.
    const status = await refused;
    expect(status.lastError?.code).toBe('ledger_unavailable');
    expect(status.quarantined).toBe(0);
    expect(status.queueDepth).toBe(1);
    // Retry-After is whole seconds, at least 1: the next round waits that, not the 100 ms backoff.
    await timers.set(1000);
    expect(timers.pending.filter((ms) => ms < 1000 && ms !== 2222)).toEqual([]);

    holder.release();
    await holder.done;
    const recovered = nextEvent(till, 'status', (s) => s.lastError === null && s.queueDepth === 0);
    await timers.fire(1000);
    await recovered;
    const [row] = await ledger.database.query<{ points: number }>("SELECT points FROM members WHERE member_id = 'asha'");
    expect(row!.points).toBe(105);
  });
});

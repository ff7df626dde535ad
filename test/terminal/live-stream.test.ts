import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTerminal, type Terminal } from '../../src/index.js';
import { createLedger, type Ledger } from '../../src/ledger/index.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { GENEROUS_LIMITS, TEST_REDEMPTION_POLICY } from '../support/ledger-fixture.js';
import { freshPglite } from '../support/pglite-template.js';
import { bill, nextEvent, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

const HOUR = 3_600_000;
// This till leads its database (one tab).
const alone = { tryLead: async () => true, release: async () => {} };

function countingFetch() {
  const paths: string[] = [];
  const f: typeof fetch = (input, init) => {
    paths.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
    return fetch(input, init);
  };
  return { fetch: f, paths };
}

/** Resolves when the till's status says the stream is (or is not) live. */
async function liveIs(till: Terminal, live: boolean): Promise<void> {
  const seen = nextEvent(till, 'status', (s) => s.live === live);
  if ((await till.status()).live === live) return;
  await seen;
}

describe('the live stream at the till', () => {
  let w: TillWorld;
  let key2: string;
  beforeEach(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 300 }, { memberId: 'ravi', openingPoints: 40 }]);
    key2 = await w.ledger.addTerminal('till-2', 'store-1');
  });
  afterEach(() => w.close());

  // Till B (till-2) holds asha and streams; till A (till-1) makes bills.
  const tillB = (options: Parameters<TillWorld['terminal']>[0] = {}) =>
    w.terminal({ terminalId: 'till-2', apiKey: key2, autoSync: true, pullIntervalMs: HOUR, leaderElection: alone, retry: { baseMs: 5, maxMs: 20 }, ...options });
  const tillA = () => w.terminal({ ledgerUrl: w.ledger.url, autoSync: true, pullIntervalMs: HOUR, leaderElection: alone });

  it('shows a bill made at another till as it commits, with the pull interval at an hour', async () => {
    const counted = countingFetch();
    const b = tillB({ fetch: counted.fetch });
    await b.start();
    await b.lookupMember({ memberId: 'asha' });
    await liveIs(b, true);
    const a = tillA();
    await a.start();
    const seen = nextEvent(b, 'balance', (x) => x.memberId === 'asha' && x.confirmed === 315);
    await a.accrue({ memberId: 'asha', points: 15, bill: bill('B1', 15_000) });
    expect((await seen).confirmed).toBe(315);
    // One pull at start, none since: the bill came over the stream.
    expect(counted.paths.filter((p) => p === '/v1/pull').length).toBeLessThanOrEqual(1);
    expect(counted.paths.filter((p) => p === '/v1/stream').length).toBeGreaterThanOrEqual(1);
  });

  it('follows a member looked up after the stream opened', async () => {
    const b = tillB();
    await b.start();
    await b.lookupMember({ memberId: 'asha' });
    await liveIs(b, true);
    await b.lookupMember({ memberId: 'ravi' });
    const a = tillA();
    await a.start();
    const seen = nextEvent(b, 'balance', (x) => x.memberId === 'ravi' && x.confirmed === 50);
    await a.accrue({ memberId: 'ravi', points: 10, bill: bill('B2', 10_000) });
    expect((await seen).confirmed).toBe(50);
  });

  it('resumes from its cursor after a proxy cuts the stream: nothing missed, nothing applied twice', async () => {
    const cursors: (string | null)[] = [];
    const b = tillB({
      fetch: (input, init) => {
        if (String(input).endsWith('/v1/stream')) cursors.push(JSON.parse(String(init?.body)).cursor);
        return fetch(input, init);
      },
    });
    await b.start();
    await b.lookupMember({ memberId: 'asha' });
    await liveIs(b, true);
    const confirmedSeen: number[] = [];
    b.on('balance', (x) => x.memberId === 'asha' && confirmedSeen.push(x.confirmed));
    const a = tillA();
    await a.start();
    await a.accrue({ memberId: 'asha', points: 10, bill: bill('C1', 10_000) });
    await nextEvent(b, 'balance', (x) => x.memberId === 'asha' && x.confirmed === 310);

    // The shop's proxy cuts the stream and refuses connections for a while: bills go on at A.
    w.proxy.mode = { kind: 'offline' };
    const down = liveIs(b, false);
    w.proxy.cutStreams();
    await down;
    await a.accrue({ memberId: 'asha', points: 20, bill: bill('C2', 20_000) });
    await a.accrue({ memberId: 'asha', points: 30, bill: bill('C3', 30_000) });
    await a.sync();
    w.proxy.mode = { kind: 'pass' };
    await nextEvent(b, 'balance', (x) => x.memberId === 'asha' && x.confirmed === 360);
    await a.accrue({ memberId: 'asha', points: 5, bill: bill('C4', 5_000) });
    await nextEvent(b, 'balance', (x) => x.memberId === 'asha' && x.confirmed === 365);
    expect(await w.ledgerPoints('asha')).toBe(365);
    // Each confirmed balance shown once, in order: no page applied twice, none skipped back.
    expect(confirmedSeen.filter((c) => c >= 310)).toEqual([310, 360, 365]);
    expect((await b.getBalance('asha')).confirmed).toBe(365);
    // Every reconnection resumed from the cursor the till had stored, never from the beginning.
    expect(cursors.length).toBeGreaterThanOrEqual(2);
    expect(cursors.slice(1).every((c) => typeof c === 'string')).toBe(true);
  });

  it('holds no stream on a follower tab', async () => {
    const factory = new IDBFactory();
    const leaderFetch = countingFetch();
    const followerFetch = countingFetch();
    const leader = w.terminal({ factory, terminalId: 'till-2', apiKey: key2, fetch: leaderFetch.fetch, autoSync: true, pullIntervalMs: HOUR, leaderElection: 'lease' });
    await leader.start();
    await leader.lookupMember({ memberId: 'asha' });
    await liveIs(leader, true);
    const follower = w.terminal({ factory, terminalId: 'till-2', apiKey: key2, fetch: followerFetch.fetch, autoSync: true, pullIntervalMs: HOUR, leaderElection: 'lease' });
    await follower.start();
    expect((await follower.sync()).leader).toBe(false);
    await follower.lookupMember({ memberId: 'ravi' });
    expect((await follower.status()).live).toBe(false);
    expect(followerFetch.paths.filter((p) => p === '/v1/stream')).toEqual([]);
    expect(w.proxy.openStreams).toBe(1);
  });

  it('opens no stream with liveStream off', async () => {
    const counted = countingFetch();
    const b = tillB({ fetch: counted.fetch, liveStream: false });
    await b.start();
    await b.lookupMember({ memberId: 'asha' });
    await b.sync();
    expect((await b.status()).live).toBe(false);
    expect(counted.paths.filter((p) => p === '/v1/stream')).toEqual([]);
  });

  it('refreshes the ruleset when the ledger publishes a new one', async () => {
    const b = tillB();
    await b.start();
    await b.lookupMember({ memberId: 'asha' });
    await liveIs(b, true);
    const ruleset = nextEvent(b, 'ruleset');
    const { groceryRuleset } = await import('../rules/support/grocery-ruleset.js');
    await w.publishRuleset({ ...groceryRuleset, version: 1, promotions: [] });
    expect((await ruleset).version).toBe(1);
  });
});

describe('the live stream across a ledger restart', () => {
  let ledger: Ledger;
  let proxy: FaultProxy;
  const tills: Terminal[] = [];
  afterEach(async () => {
    for (const t of tills) await t.close().catch(() => {});
    await proxy.close();
    await ledger.close();
  });

  it('reconnects to the restarted ledger and goes on from its cursor', async () => {
    const database = await freshPglite();
    const options = { limits: GENEROUS_LIMITS, redemptionPolicy: TEST_REDEMPTION_POLICY, onError: () => {} };
    ledger = await createLedger({ ...options, database: { kind: 'shared', database } });
    const url = await ledger.listen();
    const port = Number(new URL(url).port);
    const admin = (path: string, body: unknown) =>
      fetch(url + path, { method: 'POST', headers: { authorization: `Bearer ${ledger.adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
    const keyA = (await admin('/v1/admin/terminals', { protocol: 'v1', terminalId: 'till-1', storeId: 'store-1' })).apiKey;
    const keyB = (await admin('/v1/admin/terminals', { protocol: 'v1', terminalId: 'till-2', storeId: 'store-1' })).apiKey;
    await admin('/v1/admin/members', { protocol: 'v1', members: [{ memberId: 'asha', openingPoints: 300 }] });
    proxy = await startFaultProxy(url);
    const till = (terminalId: string, apiKey: string, ledgerUrl: string) => {
      const t = createTerminal({
        ledgerUrl, terminalId, storeId: 'store-1', apiKey, indexedDB: new IDBFactory(), IDBKeyRange,
        pullIntervalMs: HOUR, leaderElection: alone, retry: { baseMs: 5, maxMs: 50 }, requestTimeoutMs: 2000,
      });
      tills.push(t);
      return t;
    };
    const b = till('till-2', keyB, proxy.url);
    await b.start();
    await b.lookupMember({ memberId: 'asha' });
    await liveIs(b, true);

    const down = liveIs(b, false);
    await ledger.close(); // the shared database stays open, as a restarted process would find it on disk
    await down;
    ledger = await createLedger({ ...options, database: { kind: 'shared', database } });
    await ledger.listen(port);
    await liveIs(b, true);
    const a = till('till-1', keyA, url);
    await a.start();
    const seen = nextEvent(b, 'balance', (x) => x.memberId === 'asha' && x.confirmed === 325);
    await a.accrue({ memberId: 'asha', points: 25, bill: bill('R1', 25_000) });
    expect((await seen).confirmed).toBe(325);
    await database.close().catch(() => {});
  });
});

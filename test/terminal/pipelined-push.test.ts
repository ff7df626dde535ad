import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Terminal } from '../../src/index.js';
import { bill, nextEvent, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';
import { gatedFetch, type Gate } from './support/gated-fetch.js';

// A drain overlaps the till's work with the ledger's: while one push is in flight, the till
// settles the previous answer and reads and marks the next batch. One push is still in flight
// at a time, and an answer's balances are taken only when no intent sent BEFORE that answer is
// still unanswered. Every wait is on an explicit event or gate.
describe('a drain that overlaps the till with the ledger', () => {
  let w: TillWorld;
  const held: Gate[] = [];
  beforeEach(async () => {
    w = await startTillWorld([
      { memberId: 'asha', openingPoints: 100 },
      { memberId: 'bo', openingPoints: 100 },
    ]);
  });
  afterEach(async () => {
    for (const gate of held.splice(0)) gate.open(); // a failed assertion leaves no push held until its timeout
    await w.close();
  });

  /** Queues asha +1, bo +2, asha +3, bo +4, asha +5 offline (seq 1..5) on a fresh till database. */
  async function queueFive(factory: IDBFactory): Promise<string[]> {
    const offline = w.terminal({ factory, liveStream: false });
    await offline.start();
    const ids: string[] = [];
    for (const [i, memberId] of ['asha', 'bo', 'asha', 'bo', 'asha'].entries()) {
      const points = i + 1;
      ids.push((await offline.accrue({ memberId, points, bill: bill(`B${points}`, points * 1000) })).intentId);
    }
    await offline.close();
    return ids;
  }

  function drainingTill(factory: IDBFactory, gates: ReturnType<typeof gatedFetch>, batchSize: number): Terminal {
    // A held push must not time out on a loaded machine: the gates decide when it goes on.
    return w.terminal({ factory, batchSize, fetch: gates.fetch, liveStream: false, requestTimeoutMs: 60_000 });
  }

  it('sends the next batch as soon as an answer is in, before that answer is settled, one push in flight at a time', async () => {
    const factory = new IDBFactory();
    const ids = await queueFive(factory);
    const gates = gatedFetch();
    // What the till had settled when each push left, and how many pushes were in flight at once.
    const settled = new Set<string>();
    const settledWhenSent: string[][] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const counting: typeof fetch = async (input, init) => {
      const push = new URL(new Request(input, init).url).pathname === '/v1/push';
      if (!push) return gates.fetch(input, init);
      settledWhenSent.push([...settled]);
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        return await gates.fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    const till = w.terminal({ factory, batchSize: 2, fetch: counting, liveStream: false });
    await till.start();
    till.on('intent', (e) => e.status === 'confirmed' && settled.add(e.intentId));

    expect(await till.sync()).toMatchObject({ pushed: 5, confirmed: 5, requests: 3 });
    expect(gates.pushes().map((p) => p.intents.map((i) => i.intentId))).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
    expect(mostInFlight).toBe(1);
    // Each push left before the answer to the one before it was settled.
    expect(settledWhenSent).toEqual([[], [], ids.slice(0, 2)]);
    expect(await w.ledgerPoints('asha')).toBe(109);
    expect(await w.ledgerPoints('bo')).toBe(106);
    expect(await till.getBalance('asha')).toMatchObject({ confirmed: 109, provisional: 109, pendingAccrual: 0 });
    expect(await till.getBalance('bo')).toMatchObject({ confirmed: 106, provisional: 106, pendingAccrual: 0 });
  });

  it("takes an answer's balance although the next batch, marked sent, holds the same member: it left after that answer", async () => {
    const factory = new IDBFactory();
    const ids = await queueFive(factory);
    const gates = gatedFetch();
    gates.hold('/v1/push', 'answer').open(); // the first push passes
    const second = gates.hold('/v1/push', 'request'); // the second waits before the ledger
    held.push(second);
    const t = drainingTill(factory, gates, 2);
    await t.start();
    const firstSettled = nextEvent(t, 'intent', (e) => e.intentId === ids[1] && e.status === 'confirmed');
    const sync = t.sync();
    await second.arrived;
    await firstSettled;
    // asha +1 is confirmed at 101; asha +3 (in the held push) and +5 are pending on top: no dip to 100 + 3 + 5.
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 101, pendingAccrual: 8, provisional: 109 });
    expect(await t.getBalance('bo')).toMatchObject({ confirmed: 102, pendingAccrual: 4, provisional: 106 });
    second.open();
    expect(await sync).toMatchObject({ pushed: 5, confirmed: 5, requests: 3 });
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 109, provisional: 109 });
  });

  it('keeps its own count while an intent sent in an earlier round, above the batch being settled, is still unanswered', async () => {
    const factory = new IDBFactory();
    const ids = await queueFive(factory);
    // Round one sends the first four in one push; the ledger applies them and the answer is lost.
    const lossy = gatedFetch();
    lossy.hold('/v1/push', 'lose').open();
    const first = w.terminal({ factory, batchSize: 4, fetch: lossy.fetch, liveStream: false });
    await first.start();
    await expect(first.sync()).rejects.toMatchObject({ code: 'network' });
    await first.close();
    expect(await w.ledgerPoints('asha')).toBe(104);

    // Round two, with smaller batches: the answer to [asha +1, bo +2] carries asha at 104, which
    // already holds asha +3, sent in round one and still pending here. Taking it would count +3 twice.
    const gates = gatedFetch();
    gates.hold('/v1/push', 'answer').open();
    const second = gates.hold('/v1/push', 'request');
    held.push(second);
    const t = drainingTill(factory, gates, 2);
    await t.start();
    const firstSettled = nextEvent(t, 'intent', (e) => e.intentId === ids[1]);
    const sync = t.sync();
    await second.arrived;
    await firstSettled;
    // Its own count stands (100 + 3 + 5 pending), short of the truth (109) until the answers come, never over it (112).
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 100, pendingAccrual: 8, provisional: 108 });
    second.open();
    expect(await sync).toMatchObject({ pushed: 5, confirmed: 5 });
    expect(await w.ledgerPoints('asha')).toBe(109);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 109, provisional: 109, pendingAccrual: 0 });
    expect(await t.getBalance('bo')).toMatchObject({ confirmed: 106, provisional: 106, pendingAccrual: 0 });
  });
});

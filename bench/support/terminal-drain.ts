/**
 * Section (c) of the terminal bench: a till's outbox drained into a real ledger over HTTP,
 * beside the ledger's own batched throughput measured in the same run (the same kind of
 * intents pushed straight over HTTP, in batches of the till's size, by another terminal).
 */
import { performance } from 'node:perf_hooks';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTerminal } from '../../src/index.js';
import type { IntentV1, PushResultV1 } from '../../src/protocol/index.js';
import { TerminalConnection } from '../../src/store/terminal-database.js';
import { intentMaker, pushBody } from '../../test/support/ledger-fixture.js';
import type { BenchLedger } from './bench-ledger.js';
import { memberId, seededRandom } from './local-pairs.js';

export const DRAIN_MEMBERS = 1_000;
export const OPENING_POINTS = 100;
/** The terminal's default batch size, used by the ledger-alone baseline too. */
export const BATCH = 200;
const TILL = { terminalId: 'bench-till', storeId: 'bench-store' } as const;
const DATABASE_NAME = 'tillpoints-drain';

/** A till database with `intents` accruals queued offline, and what each member should end with. */
export interface Queue {
  readonly factory: IDBFactory;
  readonly intents: number;
  readonly expected: ReadonlyMap<string, number>;
  readonly writeSeconds: number;
}

export interface Throughput {
  readonly intents: number;
  readonly requests: number;
  readonly seconds: number;
}

export const rate = (t: Throughput) => t.intents / t.seconds;

/** Gives a fresh ledger the till's members and as many others for the ledger-alone baseline (so each side's balances can be checked). */
export async function seedMembers(ledger: BenchLedger): Promise<void> {
  await ledger.addMembers(Array.from({ length: 2 * DRAIN_MEMBERS }, (_, i) => ({ memberId: memberId(i), openingPoints: OPENING_POINTS })));
}

/**
 * Writes `intents` accruals through `terminal.accrue`, offline (nothing listens at the ledger
 * URL), for members the till cached before (as earlier lookups would have: opening points,
 * no ledger version heard yet, so the drain's answers bring the ledger's).
 */
export async function writeQueue(intents: number): Promise<Queue> {
  const factory = new IDBFactory();
  const db = new TerminalConnection(DATABASE_NAME, { indexedDB: factory, IDBKeyRange });
  const asOf = Date.now();
  await db.members.bulkPut(
    Array.from({ length: DRAIN_MEMBERS }, (_, i) => ({
      memberId: memberId(i), tier: 'base', confirmed: OPENING_POINTS, held: 0, version: -1, asOf, pendingCredit: 0, pendingDebit: 0, usedAt: asOf,
    })),
  );
  db.close();
  const terminal = createTerminal({
    ledgerUrl: 'http://127.0.0.1:9', ...TILL, apiKey: 'tp_term_unused_offline', indexedDB: factory, IDBKeyRange, databaseName: DATABASE_NAME, autoSync: false,
  });
  await terminal.start();
  const random = seededRandom(7);
  const expected = new Map<string, number>();
  const t0 = performance.now();
  for (let i = 0; i < intents; i++) {
    const id = memberId(Math.floor(random() * DRAIN_MEMBERS));
    const points = 1 + Math.floor(random() * 50);
    await terminal.accrue({ memberId: id, points, bill: { billId: `D${i}`, amountPaise: points * 100 } });
    expected.set(id, (expected.get(id) ?? OPENING_POINTS) + points);
  }
  const writeSeconds = (performance.now() - t0) / 1000;
  await terminal.close();
  return { factory, intents, expected, writeSeconds };
}

/** The same till database, record for record, in a new IndexedDB (so two ledgers can drain one queue). */
export async function copyQueue(queue: Queue): Promise<Queue> {
  const from = new TerminalConnection(DATABASE_NAME, { indexedDB: queue.factory, IDBKeyRange });
  const factory = new IDBFactory();
  const to = new TerminalConnection(DATABASE_NAME, { indexedDB: factory, IDBKeyRange });
  await to.members.bulkPut(await from.members.toArray());
  await to.intents.bulkPut(await from.intents.toArray());
  await to.meta.bulkPut((await from.meta.toArray()).filter((m) => m.key !== 'leader'));
  await to.holds.bulkPut(await from.holds.toArray());
  from.close();
  to.close();
  return { ...queue, factory };
}

/** One `terminal.sync()` that drains the queue into `ledger`; checks every balance there and here. */
export async function drainQueue(ledger: BenchLedger, queue: Queue): Promise<Throughput> {
  const apiKey = await ledger.addTerminal(TILL.terminalId, TILL.storeId);
  const terminal = createTerminal({
    ledgerUrl: ledger.url, ...TILL, apiKey, indexedDB: queue.factory, IDBKeyRange, databaseName: DATABASE_NAME, autoSync: false, requestTimeoutMs: 60_000,
  });
  await terminal.start();
  try {
    const t0 = performance.now();
    const report = await terminal.sync();
    const seconds = (performance.now() - t0) / 1000;
    if (report.pushed !== queue.intents || report.confirmed !== queue.intents) {
      throw new Error(`sync pushed ${report.pushed} and confirmed ${report.confirmed} of ${queue.intents} intents: ${JSON.stringify(report)}`);
    }
    if ((await terminal.status()).queueDepth !== 0) throw new Error('intents still queued after the sync');
    await ledger.checkTrialBalance();
    for (const [id, points] of queue.expected) {
      const atLedger = await ledger.pointsOf(id);
      if (atLedger !== points) throw new Error(`member ${id} has ${atLedger} points at the ledger, expected ${points}`);
      const local = await terminal.getBalance(id);
      if (local.confirmed !== points || local.pendingAccrual !== 0) {
        throw new Error(`member ${id} shows ${JSON.stringify(local)} at the till, expected ${points} confirmed and nothing pending`);
      }
    }
    return { intents: queue.intents, requests: report.requests, seconds };
  } finally {
    await terminal.close();
  }
}

/**
 * The ledger alone: `intents` accruals of the same shape (members, points) pushed straight
 * over HTTP in batches of {@link BATCH}, one request at a time, by another terminal, for
 * members of the same ledger the till does not hold.
 */
export async function ledgerAlone(ledger: BenchLedger, intents: number): Promise<Throughput> {
  const terminalId = `alone-${ledger.kind}`;
  const apiKey = await ledger.addTerminal(terminalId, TILL.storeId);
  const make = intentMaker(terminalId, TILL.storeId);
  const random = seededRandom(11);
  const all: IntentV1[] = Array.from({ length: intents }, () => make.accrue(memberId(DRAIN_MEMBERS + Math.floor(random() * DRAIN_MEMBERS)), 1 + Math.floor(random() * 50)));
  const bodies: string[] = [];
  for (let i = 0; i < all.length; i += BATCH) bodies.push(JSON.stringify(pushBody(terminalId, TILL.storeId, all.slice(i, i + BATCH))));
  let requests = 0;
  const t0 = performance.now();
  for (const body of bodies) {
    const r = await ledger.request('POST', '/v1/push', apiKey, body);
    if (r.status !== 200) throw new Error(`a push answered ${r.status}: ${r.text.slice(0, 300)}`);
    const { results } = JSON.parse(r.text) as { results: PushResultV1[] };
    if (results.some((x) => x.outcome !== 'applied')) throw new Error(`a push was not applied: ${r.text.slice(0, 300)}`);
    requests++;
  }
  return { intents, requests, seconds: (performance.now() - t0) / 1000 };
}

/**
 * What the terminal SDK costs on top of IndexedDB, and how fast it drains its outbox.
 * Runs on fake-indexeddb in Node, so the figures compare code paths, not a browser.
 *   (a) getBalance     terminal.getBalance(id) vs a raw IndexedDB get(id) on the members
 *                      store of the same database, with 100,000 cached members (target: ratio ≤ 1.3)
 *   (b) accrue         terminal.accrue(...) vs a raw IndexedDB readwrite transaction on the same
 *                      database that reads a member row and adds one row to the intents
 *                      table (target: ratio ≤ 1.5)
 *   (b2)               the same accrue vs a raw transaction that reads a member and puts it
 *                      back with one field incremented (one row written instead of two)
 *   (b')               the same accrue vs raw IndexedDB doing every write an outbox cannot skip:
 *                      read the member, add the intent row, put the member (what the SDK adds)
 *   (c) drain          10,000 accruals written offline, then one terminal.sync() against a
 *                      reference ledger on PGlite over loopback (target: ≥ 1,000 intents/s);
 *                      afterwards the trial balance must be even and every member's
 *                      balance at the ledger must be its opening points plus its accruals
 * (a) and (b) interleave the two sides (alternating which goes first, same seeded member
 * for both) after a warm-up, so drift and GC hit both alike. A missed target prints MISS;
 * only an error (or a wrong balance in (c)) exits non-zero.
 *
 *   npx tsx bench/terminal.bench.ts
 *   BENCH_SCALE=0.2 npx tsx bench/terminal.bench.ts   # scales samples and intents, not members
 */
import { performance } from 'node:perf_hooks';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTerminal, type Terminal } from '../src/index.js';
import type { TrialBalanceV1 } from '../src/protocol/index.js';
import { startTestLedger } from '../test/support/ledger-fixture.js';
import { CACHED_MEMBERS, cacheMembers, formatPairs, measureLocalPairs, memberId, openRaw, seededRandom, type Pair } from './support/local-pairs.js';

const DRAIN_MEMBERS = 1_000;
const OPENING_POINTS = 100;
const TERMINAL = { terminalId: 'bench-till', storeId: 'bench-store' } as const;

function readScale(): number {
  const raw = process.env.BENCH_SCALE ?? '1';
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`BENCH_SCALE must be a positive number, got "${raw}"`);
  return scale;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');

async function benchLocal(scale: number): Promise<Pair[]> {
  const indexedDB = new IDBFactory();
  const name = 'tillpoints-bench-local';
  const db = await openRaw(indexedDB, name, { IDBKeyRange });
  const t0 = performance.now();
  await cacheMembers(db);
  process.stderr.write(`cached ${int(CACHED_MEMBERS)} members in ${int(performance.now() - t0)} ms\n`);
  const terminal = createTerminal({
    ledgerUrl: 'http://127.0.0.1:9', ...TERMINAL, apiKey: 'tp_term_unused_offline', indexedDB, IDBKeyRange, databaseName: name, autoSync: false,
  });
  await terminal.start();
  try {
    return await measureLocalPairs(db, terminal, scale);
  } finally {
    await terminal.close();
    db.close();
  }
}

interface Drain { intents: number; requests: number; confirmed: number; seconds: number; writeSeconds: number }

async function benchDrain(scale: number): Promise<Drain> {
  const intents = Math.max(1, Math.round(10_000 * scale));
  const ledger = await startTestLedger('pglite');
  let terminal: Terminal | undefined;
  try {
    const apiKey = await ledger.addTerminal(TERMINAL.terminalId, TERMINAL.storeId);
    await ledger.addMembers(Array.from({ length: DRAIN_MEMBERS }, (_, i) => ({ memberId: memberId(i), openingPoints: OPENING_POINTS })));
    terminal = createTerminal({
      ledgerUrl: ledger.url, ...TERMINAL, apiKey, indexedDB: new IDBFactory(), IDBKeyRange, autoSync: false, requestTimeoutMs: 60_000,
    });
    await terminal.start();
    const random = seededRandom(7);
    const expected = new Map<string, number>();
    let t0 = performance.now();
    for (let i = 0; i < intents; i++) {
      const id = memberId(Math.floor(random() * DRAIN_MEMBERS));
      const points = 1 + Math.floor(random() * 50);
      await terminal.accrue({ memberId: id, points, bill: { billId: `D${i}`, amountPaise: points * 100 } });
      expected.set(id, (expected.get(id) ?? OPENING_POINTS) + points);
    }
    const writeSeconds = (performance.now() - t0) / 1000;
    process.stderr.write(`(c) wrote ${int(intents)} intents offline in ${writeSeconds.toFixed(2)} s; syncing...\n`);

    t0 = performance.now();
    const report = await terminal.sync();
    const seconds = (performance.now() - t0) / 1000;
    if (report.pushed !== intents || report.confirmed !== intents) {
      throw new Error(`sync pushed ${report.pushed} and confirmed ${report.confirmed} of ${intents} intents: ${JSON.stringify(report)}`);
    }
    const status = await terminal.status();
    if (status.queueDepth !== 0) throw new Error(`${status.queueDepth} intents still queued after the sync`);

    const trial = await ledger.get<TrialBalanceV1>('/v1/admin/trial-balance', ledger.adminKey);
    if (trial.status !== 200 || trial.body.total !== 0 || trial.body.mismatchedMembers.length > 0) {
      throw new Error(`the trial balance is off: ${trial.status} ${JSON.stringify(trial.body)}`);
    }
    for (const [id, points] of expected) {
      const r = await ledger.get(`/v1/members/lookup?memberId=${id}`, ledger.adminKey);
      const atLedger = r.body?.member?.balance?.points;
      if (atLedger !== points) throw new Error(`member ${id} has ${atLedger} points at the ledger, expected ${points}`);
      const local = await terminal.getBalance(id);
      if (local.confirmed !== points || local.pendingAccrual !== 0) {
        throw new Error(`member ${id} shows ${JSON.stringify(local)} at the till, expected ${points} confirmed and nothing pending`);
      }
    }
    return { intents, requests: report.requests, confirmed: report.confirmed, seconds, writeSeconds };
  } finally {
    await terminal?.close();
    await ledger.close();
  }
}

function printResults(pairs: readonly Pair[], drain: Drain): void {
  console.log(formatPairs(pairs));
  const rate = drain.intents / drain.seconds;
  console.log(
    `\n(c) drain: ${int(drain.intents)} intents (written offline in ${drain.writeSeconds.toFixed(2)} s), one sync(): ` +
      `${int(drain.requests)} push requests, ${drain.seconds.toFixed(2)} s, ${int(rate)} intents/s; target ≥ 1,000 intents/s: ${rate >= 1_000 ? 'PASS' : 'MISS'}`,
  );
  console.log(`    ${int(drain.confirmed)} confirmed; trial balance total 0, no mismatched members; every member's ledger balance = opening + accrued`);
}

async function main(): Promise<void> {
  const scale = readScale();
  const pairs = await benchLocal(scale);
  const drain = await benchDrain(scale);
  printResults(pairs, drain);
  console.log(`\nscale ${scale}, ${int(CACHED_MEMBERS)} cached members for (a)/(b), ${int(DRAIN_MEMBERS)} members for (c); fake-indexeddb, Node ${process.version}`);
}

main().catch((error: unknown) => {
  console.error('\nterminal bench failed:', error);
  process.exit(1);
});

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
 *                      reference ledger on PGlite over loopback (in a process of its own, as
 *                      the till's and the ledger's machines are apart), beside the ledger alone in the
 *                      same run and ledger (10,000 accruals pushed straight over HTTP in batches
 *                      of the till's 200; target: drain ≥ half the ledger alone); then 50,000
 *                      written offline and drained, the same queue, into PostgreSQL (target
 *                      ≤ 20 s) and PGlite (≤ 30 s). After each drain the trial balance must be
 *                      even and every member's balance, at the ledger and at the till, must be
 *                      its opening points plus its accruals (support/terminal-drain.ts)
 *   (d) push first     bills one at a time at a till whose full rounds (pull of 1,000 members,
 *                      ruleset, holds, prune) run every second (BENCH_ROUND_MS): bill → confirmed at the till vs
 *                      one push round trip of one intent over HTTP, interleaved, same ledger
 *                      (target: bill p95 ≤ 3 × push round trip p50; support/push-first.ts)
 * (a) and (b) interleave the two sides (alternating which goes first, same seeded member
 * for both) after a warm-up, so drift and GC hit both alike. A missed target prints MISS;
 * only an error (or a wrong balance in (c)) exits non-zero.
 *
 *   npx tsx bench/terminal.bench.ts
 *   BENCH_SCALE=0.2 npx tsx bench/terminal.bench.ts   # scales samples and intents, not members
 *   BENCH_SECTIONS=c,d npx tsx bench/terminal.bench.ts  # some sections only (ab, c, d)
 *   DATABASE_URL=postgres://... npx tsx bench/terminal.bench.ts  # an empty database, else a throwaway server
 */
import { performance } from 'node:perf_hooks';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTerminal } from '../src/index.js';
import { startBenchLedger, stopPostgres, type BenchDatabase, type BenchLedger, type LedgerPlace } from './support/bench-ledger.js';
import { CACHED_MEMBERS, cacheMembers, formatPairs, measureLocalPairs, openRaw, percentile, type Pair } from './support/local-pairs.js';
import { measurePushFirst, ROUND_INTERVAL_MS, type PushFirst } from './support/push-first.js';
import { BATCH, DRAIN_MEMBERS, copyQueue, drainQueue, ledgerAlone, rate, seedMembers, writeQueue, type Throughput } from './support/terminal-drain.js';

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

interface DrainSection {
  /** 10,000 intents (scaled) on PGlite: the ledger alone, then the till's drain, in the same ledger. */
  readonly alone: Throughput;
  readonly drain: Throughput;
  readonly queue: { readonly intents: number; readonly writeSeconds: number };
  /** 50,000 intents (scaled), the same queue drained into each database. */
  readonly big: { readonly database: BenchDatabase; readonly alone: Throughput; readonly drain: Throughput }[];
  readonly bigQueue: { readonly intents: number; readonly writeSeconds: number };
}

async function onLedger<T>(kind: BenchDatabase, run: (ledger: BenchLedger) => Promise<T>, place: LedgerPlace = 'in-process'): Promise<T> {
  const ledger = await startBenchLedger(kind, place);
  try {
    await seedMembers(ledger);
    return await run(ledger);
  } finally {
    await ledger.close();
  }
}

async function benchDrain(scale: number): Promise<DrainSection> {
  const intents = Math.max(1, Math.round(10_000 * scale));
  const queue = await writeQueue(intents);
  process.stderr.write(`(c) wrote ${int(intents)} intents offline in ${queue.writeSeconds.toFixed(2)} s; the ledger alone, then the drain...\n`);
  const { alone, drain } = await onLedger('pglite', async (ledger) => ({ alone: await ledgerAlone(ledger, intents), drain: await drainQueue(ledger, queue) }), DRAIN_LEDGER);

  const bigIntents = Math.max(1, Math.round(50_000 * scale));
  const bigQueue = await writeQueue(bigIntents);
  process.stderr.write(`(c) wrote ${int(bigIntents)} intents offline in ${bigQueue.writeSeconds.toFixed(2)} s\n`);
  const big: DrainSection['big'] = [];
  for (const database of DRAIN_DATABASES) {
    const copy = await copyQueue(bigQueue); // the same queue for each database
    process.stderr.write(`(c) draining ${int(bigIntents)} into ${database}...\n`);
    big.push({ database, ...(await onLedger(database, async (ledger) => ({ alone: await ledgerAlone(ledger, Math.min(bigIntents, intents)), drain: await drainQueue(ledger, copy) }), DRAIN_LEDGER)) });
  }
  await stopPostgres();
  return { alone, drain, queue, big, bigQueue };
}

const BIG_TARGET_S: Record<BenchDatabase, number> = { postgres: 20, pglite: 30 };
// The till and the ledger on different machines in a shop: here, different processes (so
// the till's IndexedDB work and the ledger's can run on different cores at once).
const DRAIN_LEDGER: LedgerPlace = 'own-process';
const DRAIN_DATABASES: readonly BenchDatabase[] = ['postgres', 'pglite'];

function printDrain(d: DrainSection, scale: number): void {
  const ratio = rate(d.drain) / rate(d.alone);
  console.log(
    `\n(c) drain, PGlite: ${int(d.queue.intents)} intents (written offline in ${d.queue.writeSeconds.toFixed(2)} s), one sync(): ` +
      `${int(d.drain.requests)} push requests, ${d.drain.seconds.toFixed(2)} s, ${int(rate(d.drain))} intents/s`,
  );
  console.log(
    `    the ledger alone, same run, same ledger: ${int(d.alone.intents)} intents in ${int(d.alone.requests)} pushes of ${BATCH} over HTTP, ` +
      `${d.alone.seconds.toFixed(2)} s, ${int(rate(d.alone))} intents/s`,
  );
  console.log(`    drain / ledger alone = ${ratio.toFixed(2)}; target ≥ 0.5: ${ratio >= 0.5 ? 'PASS' : 'MISS'}`);
  for (const b of d.big) {
    const target = BIG_TARGET_S[b.database] * (b.drain.intents / 50_000);
    console.log(
      `(c) drain, ${b.database}: ${int(b.drain.intents)} intents (the same queue, written offline in ${d.bigQueue.writeSeconds.toFixed(2)} s), one sync(): ` +
        `${int(b.drain.requests)} push requests, ${b.drain.seconds.toFixed(2)} s, ${int(rate(b.drain))} intents/s; ` +
        `target ≤ ${target.toFixed(scale === 1 ? 0 : 1)} s${scale === 1 ? '' : ` (${BIG_TARGET_S[b.database]} s scaled by ${scale})`}: ${b.drain.seconds <= target ? 'PASS' : 'MISS'}`,
    );
    console.log(
      `    the ledger alone on ${b.database}, same run: ${int(b.alone.intents)} intents in pushes of ${BATCH}, ${int(rate(b.alone))} intents/s; ` +
        `drain / ledger alone = ${(rate(b.drain) / rate(b.alone)).toFixed(2)}`,
    );
  }
  console.log(`    every drain: all confirmed; trial balance even; every member's balance, at the ledger and at the till, = opening + accrued`);
}

function printPushFirst(p: PushFirst): void {
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const bill = sorted(p.bill);
  const push = sorted(p.push);
  const ms = (n: number) => n.toFixed(1);
  const [b50, b95, p50, p95] = [percentile(bill, 0.5), percentile(bill, 0.95), percentile(push, 0.5), percentile(push, 0.95)];
  console.log(
    `\n(d) push first, PGlite: ${int(bill.length)} bills, one at a time, while full rounds run every ${ROUND_INTERVAL_MS} ms (${int(p.rounds)} rounds, each pulling ${int(DRAIN_MEMBERS)} members)`,
  );
  console.log(`    bill → confirmed at the till: p50 ${ms(b50)} ms, p95 ${ms(b95)} ms`);
  console.log(`    one push round trip (1 intent over HTTP, same ledger, interleaved): p50 ${ms(p50)} ms, p95 ${ms(p95)} ms`);
  // Both readings of "3 × one push round trip": its typical (p50) one, and its own p95 (like for like, the
  // fairer one when the machine is loaded and both tails stretch).
  console.log(`    bill p95 / push round trip p50 = ${(b95 / p50).toFixed(2)}; target ≤ 3: ${b95 <= 3 * p50 ? 'PASS' : 'MISS'}`);
  console.log(`    bill p95 / push round trip p95 = ${(b95 / p95).toFixed(2)}; target ≤ 3: ${b95 <= 3 * p95 ? 'PASS' : 'MISS'}`);
}

async function benchPushFirst(scale: number): Promise<PushFirst> {
  const samples = Math.max(20, Math.round(500 * scale));
  return onLedger('pglite', (ledger) => measurePushFirst(ledger, samples));
}

async function main(): Promise<void> {
  const scale = readScale();
  const sections = (process.env.BENCH_SECTIONS ?? 'ab,c,d').split(',');
  const pairs = sections.includes('ab') ? await benchLocal(scale) : undefined;
  const drain = sections.includes('c') ? await benchDrain(scale) : undefined;
  const first = sections.includes('d') ? await benchPushFirst(scale) : undefined;
  if (pairs) console.log(formatPairs(pairs));
  if (drain) printDrain(drain, scale);
  if (first) printPushFirst(first);
  console.log(
    `\nscale ${scale}, ${int(CACHED_MEMBERS)} cached members for (a)/(b), ${int(DRAIN_MEMBERS)} members for (c)/(d); ` +
      `fake-indexeddb, ledger over loopback HTTP (in its own process for (c), in this one for (d)), Node ${process.version}`,
  );
}

main().catch((error: unknown) => {
  console.error('\nterminal bench failed:', error);
  process.exit(1);
});

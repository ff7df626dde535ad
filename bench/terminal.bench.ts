/**
 * What the terminal SDK costs on top of IndexedDB, and how fast it drains its outbox.
 * Runs on fake-indexeddb in Node, so the figures compare code paths, not a browser.
 *   (a) getBalance     terminal.getBalance(id) vs a raw Dexie members.get(id) on the same
 *                      database, with 100,000 cached members (target: ratio ≤ 1.3)
 *   (b) accrue         terminal.accrue(...) vs a raw Dexie rw transaction on the same
 *                      database that reads a member row and adds one row to the intents
 *                      table (target: ratio ≤ 1.5)
 *   (b2)               the same accrue vs a raw transaction that reads a member and puts it
 *                      back with one field incremented (one row written instead of two)
 *   (b')               the same accrue vs raw Dexie doing every write an outbox cannot skip:
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
import type { MemberRecord } from '../src/store/records.js';
import { TerminalDatabase } from '../src/store/terminal-database.js';
import { startTestLedger } from '../test/support/ledger-fixture.js';

const CACHED_MEMBERS = 100_000;
const DRAIN_MEMBERS = 1_000;
const OPENING_POINTS = 100;
const TERMINAL = { terminalId: 'bench-till', storeId: 'bench-store' } as const;

function readScale(): number {
  const raw = process.env.BENCH_SCALE ?? '1';
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`BENCH_SCALE must be a positive number, got "${raw}"`);
  return scale;
}

// A seeded generator (mulberry32), so every run measures the same members.
function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const memberId = (i: number) => `M${String(i).padStart(6, '0')}`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

interface Pair { readonly name: string; readonly samples: number; readonly target: number; raw: number[]; terminal: number[] }

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

async function timeUs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) * 1000;
}

/** Runs `warmup` then `samples` pairs, alternating which side goes first. */
async function interleave(
  pair: Pair,
  warmup: number,
  random: () => number,
  raw: (id: string, i: number) => Promise<unknown>,
  terminal: (id: string, i: number) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < warmup + pair.samples; i++) {
    const id = memberId(Math.floor(random() * CACHED_MEMBERS));
    let r: number;
    let t: number;
    if (i % 2 === 0) {
      r = await timeUs(() => raw(id, i));
      t = await timeUs(() => terminal(id, i));
    } else {
      t = await timeUs(() => terminal(id, i));
      r = await timeUs(() => raw(id, i));
    }
    if (i >= warmup) {
      pair.raw.push(r);
      pair.terminal.push(t);
    }
  }
}

async function benchLocal(scale: number): Promise<Pair[]> {
  const indexedDB = new IDBFactory();
  const name = 'tillpoints-bench-local';
  const db = new TerminalDatabase(name, { indexedDB, IDBKeyRange });
  const asOf = Date.now();
  const rows: MemberRecord[] = Array.from({ length: CACHED_MEMBERS }, (_, i) => ({
    memberId: memberId(i), tier: 'base', confirmed: 500, held: 0, version: 1, asOf, pendingCredit: 0, pendingDebit: 0,
  }));
  let t0 = performance.now();
  for (let i = 0; i < rows.length; i += 10_000) await db.members.bulkPut(rows.slice(i, i + 10_000));
  process.stderr.write(`cached ${int(CACHED_MEMBERS)} members in ${int(performance.now() - t0)} ms\n`);

  const terminal = createTerminal({
    ledgerUrl: 'http://127.0.0.1:9', ...TERMINAL, apiKey: 'tp_term_unused_offline', indexedDB, IDBKeyRange, databaseName: name, autoSync: false,
  });
  await terminal.start();
  const n = (base: number) => Math.max(1, Math.round(base * scale));
  const random = seededRandom(20_261_124);
  try {
    const balance: Pair = { name: '(a) getBalance', samples: n(5_000), target: 1.3, raw: [], terminal: [] };
    t0 = performance.now();
    await interleave(balance, n(1_000), random, (id) => db.members.get(id), (id) => terminal.getBalance(id));
    process.stderr.write(`(a) done in ${int(performance.now() - t0)} ms\n`);

    let rawSeq = 0;
    const intentRow = (id: string, i: number, prefix: string) => ({
      intentId: `${prefix}${++rawSeq}`, kind: 'accrue' as const, memberId: id, state: 'pending' as const, createdAt: Date.now(),
      occurredAt: new Date().toISOString(), points: 10, bill: { billId: `${prefix}${i}`, amountPaise: 10_000 },
      credit: 10, debit: 0, sentAt: null, attempts: 0, settledAt: null, reversedPoints: 0,
    });
    const accrue: Pair = { name: '(b) accrue vs read + add row', samples: n(2_000), target: 1.5, raw: [], terminal: [] };
    t0 = performance.now();
    await interleave(
      accrue,
      n(300),
      random,
      (id, i) =>
        db.transaction('rw', db.members, db.intents, async () => {
          await db.members.get(id);
          await db.intents.add(intentRow(id, i, 'RA'));
        }),
      (id, i) => terminal.accrue({ memberId: id, points: 10, bill: { billId: `B${i}`, amountPaise: 10_000 } }),
    );
    const increment: Pair = { name: '(b2) accrue vs read + increment', samples: n(2_000), target: 1.5, raw: [], terminal: [] };
    await interleave(
      increment,
      n(300),
      random,
      (id) =>
        db.transaction('rw', db.members, async () => {
          const m = (await db.members.get(id))!;
          await db.members.put({ ...m, pendingCredit: m.pendingCredit + 1 });
        }),
      (id, i) => terminal.accrue({ memberId: id, points: 10, bill: { billId: `I${i}`, amountPaise: 10_000 } }),
    );
    process.stderr.write(`(b) done in ${int(performance.now() - t0)} ms\n`);

    // The floor of (b): raw Dexie doing the writes an outbox cannot skip (the intent row and
    // the balance, atomically). Shows what the SDK adds on top of IndexedDB itself.
    const floor: Pair = { name: "(b') accrue vs same writes", samples: n(2_000), target: 1.5, raw: [], terminal: [] };
    await interleave(
      floor,
      n(300),
      random,
      (id, i) =>
        db.transaction('rw', db.members, db.intents, async () => {
          const m = (await db.members.get(id))!;
          await db.intents.add(intentRow(id, i, 'RF'));
          await db.members.put({ ...m, pendingCredit: m.pendingCredit + 10 });
        }),
      (id, i) => terminal.accrue({ memberId: id, points: 10, bill: { billId: `F${i}`, amountPaise: 10_000 } }),
    );
    return [balance, accrue, increment, floor];
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
  const header = ['scenario', 'side', 'samples', 'p50 µs', 'p99 µs', 'verdict'];
  const cells: string[][] = [];
  for (const p of pairs) {
    const raw = [...p.raw].sort((a, b) => a - b);
    const term = [...p.terminal].sort((a, b) => a - b);
    const r50 = percentile(raw, 0.5), r99 = percentile(raw, 0.99), t50 = percentile(term, 0.5), t99 = percentile(term, 0.99);
    const verdict = (ratio: number) => (ratio <= p.target ? 'PASS' : 'MISS');
    cells.push([p.name, 'raw Dexie', int(raw.length), r50.toFixed(1), r99.toFixed(1), '']);
    cells.push(['', 'terminal', int(term.length), t50.toFixed(1), t99.toFixed(1), '']);
    cells.push(['', 'ratio', '', (t50 / r50).toFixed(2), (t99 / r99).toFixed(2), `target ≤ ${p.target}: p50 ${verdict(t50 / r50)}, p99 ${verdict(t99 / r99)}`]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => c.map((v, i) => (i < 2 || i === 5 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd();
  console.log([line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n'));

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

/**
 * The local half of the terminal benchmark, (a) getBalance and (b) accrue against raw
 * IndexedDB (the platform's own API, no library), written once for both runtimes: Node on
 * fake-indexeddb and Chromium's real IndexedDB (bench/browser/). Uses only
 * `performance.now()`, so it runs in either.
 */
import type { Terminal } from '../../src/index.js';
import type { MemberRecord } from '../../src/store/records.js';
import { TerminalConnection } from '../../src/store/terminal-database.js';

/** Members cached before measuring. */
export const CACHED_MEMBERS = 100_000;

/** One comparison: the same operation through the SDK and through raw IndexedDB, in microseconds. */
export interface Pair {
  readonly name: string;
  readonly samples: number;
  readonly target: number | null;
  raw: number[];
  terminal: number[];
}

// A seeded generator (mulberry32), so every run measures the same members.
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const memberId = (i: number) => `M${String(i).padStart(6, '0')}`;

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

async function timeUs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) * 1000;
}

/** Runs `warmup` then `samples` pairs, alternating which side goes first, on random cached members. */
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

const request = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

// One raw transaction: `work` makes its requests; answers once it has committed.
function rawTransaction(db: IDBDatabase, stores: string[], work: (tx: IDBTransaction) => Promise<unknown>): Promise<void> {
  const tx = db.transaction(stores, 'readwrite');
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });
  return work(tx).then(() => done);
}

/**
 * A raw IndexedDB connection to the terminal's database `name`, which is made first (at the
 * terminal's schema) when it does not exist.
 */
export async function openRaw(factory: IDBFactory, name: string, options: { IDBKeyRange?: typeof IDBKeyRange } = {}): Promise<IDBDatabase> {
  const made = new TerminalConnection(name, { indexedDB: factory, ...options });
  await made.open();
  made.close();
  return request(factory.open(name));
}

/** Fills the terminal's database with {@link CACHED_MEMBERS} members, as earlier lookups would have. */
export async function cacheMembers(db: IDBDatabase): Promise<void> {
  const asOf = Date.now();
  const rows: MemberRecord[] = Array.from({ length: CACHED_MEMBERS }, (_, i) => ({
    memberId: memberId(i), tier: 'base', confirmed: 500, held: 0, version: 1, asOf, pendingCredit: 0, pendingDebit: 0, usedAt: asOf,
  }));
  for (let i = 0; i < rows.length; i += 10_000) {
    await rawTransaction(db, ['members'], async (tx) => {
      for (const row of rows.slice(i, i + 10_000)) tx.objectStore('members').put(row);
    });
  }
}

/**
 * (a) getBalance vs a raw get; (b) accrue vs a raw transaction that reads a member and adds a
 * row; (b2) accrue vs read + increment; (b') accrue vs raw IndexedDB doing the same writes.
 * `db` is a second, raw connection to the terminal's database; raw writes answer once committed.
 */
export async function measureLocalPairs(db: IDBDatabase, terminal: Terminal, scale: number): Promise<Pair[]> {
  const n = (base: number) => Math.max(1, Math.round(base * scale));
  const random = seededRandom(20_261_124);
  const balance: Pair = { name: '(a) getBalance', samples: n(5_000), target: 1.3, raw: [], terminal: [] };
  await interleave(balance, n(1_000), random, (id) => request(db.transaction('members', 'readonly').objectStore('members').get(id)), (id) => terminal.getBalance(id));

  let rawSeq = 0;
  const intentRow = (id: string, i: number, prefix: string) => ({
    intentId: `${prefix}${++rawSeq}`, kind: 'accrue' as const, memberId: id, state: 'pending' as const, createdAt: Date.now(),
    occurredAt: new Date().toISOString(), points: 10, bill: { billId: `${prefix}${i}`, amountPaise: 10_000 },
    credit: 10, debit: 0, sentAt: null, attempts: 0, settledAt: null, reversedPoints: 0,
  });
  const accrue = (prefix: string) => (id: string, i: number) =>
    terminal.accrue({ memberId: id, points: 10, bill: { billId: `${prefix}${i}`, amountPaise: 10_000 } });

  const addRow: Pair = { name: '(b) accrue vs read + add row', samples: n(2_000), target: 1.5, raw: [], terminal: [] };
  await interleave(addRow, n(300), random, (id, i) =>
    rawTransaction(db, ['members', 'intents'], async (tx) => {
      await request(tx.objectStore('members').get(id));
      await request(tx.objectStore('intents').add(intentRow(id, i, 'RA')));
    }), accrue('B'));

  const increment: Pair = { name: '(b2) accrue vs read + increment', samples: n(2_000), target: null, raw: [], terminal: [] };
  await interleave(increment, n(300), random, (id) =>
    rawTransaction(db, ['members'], async (tx) => {
      const m = (await request<MemberRecord>(tx.objectStore('members').get(id)))!;
      await request(tx.objectStore('members').put({ ...m, pendingCredit: m.pendingCredit + 1 }));
    }), accrue('I'));

  // The floor of an outbox write: the intent row and the balance, atomically.
  const floor: Pair = { name: "(b') accrue vs same writes", samples: n(2_000), target: null, raw: [], terminal: [] };
  await interleave(floor, n(300), random, (id, i) =>
    rawTransaction(db, ['members', 'intents'], async (tx) => {
      const m = (await request<MemberRecord>(tx.objectStore('members').get(id)))!;
      await request(tx.objectStore('intents').add(intentRow(id, i, 'RF')));
      await request(tx.objectStore('members').put({ ...m, pendingCredit: m.pendingCredit + 10 }));
    }), accrue('F'));
  return [balance, addRow, increment, floor];
}

/** The pairs as a table: p50/p99 of each side and their ratios, with the target's verdict. */
export function formatPairs(pairs: readonly Pair[]): string {
  const int = (n: number) => Math.round(n).toLocaleString('en-US');
  const header = ['scenario', 'side', 'samples', 'p50 µs', 'p99 µs', 'verdict'];
  const cells: string[][] = [];
  for (const p of pairs) {
    const raw = [...p.raw].sort((a, b) => a - b);
    const term = [...p.terminal].sort((a, b) => a - b);
    const r50 = percentile(raw, 0.5), r99 = percentile(raw, 0.99), t50 = percentile(term, 0.5), t99 = percentile(term, 0.99);
    const verdict = (ratio: number) => (p.target === null ? '' : ratio <= p.target ? 'PASS' : 'MISS');
    cells.push([p.name, 'raw IndexedDB', int(raw.length), r50.toFixed(1), r99.toFixed(1), '']);
    cells.push(['', 'terminal', int(term.length), t50.toFixed(1), t99.toFixed(1), '']);
    cells.push(['', 'ratio', '', (t50 / r50).toFixed(2), (t99 / r99).toFixed(2),
      p.target === null ? '' : `target ≤ ${p.target}: p50 ${verdict(t50 / r50)}, p99 ${verdict(t99 / r99)}`]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => c.map((v, i) => (i < 2 || i === 5 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

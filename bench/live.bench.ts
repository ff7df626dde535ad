/**
 * The live stream: how soon a bill made at till A shows at till B, which holds the member,
 * with B's pull interval at an hour (so only the stream can bring it).
 *   (a) bill → B's `balance` event   p50/p95 over 200 bills (target: p95 ≤ 250 ms on loopback),
 *                                    from `accrue()` at A to the event at B; each bill is made when
 *                                    A's previous sync round has ended (bills are seconds apart at a till)
 *   (a') push answered → B's event   the stream's own share: from A's push answer arriving at A
 *                                    (just after the commit) to B's event
 *   (b) one push round trip          `POST /v1/push` of one intent, measured in the same run, for reference
 * Both tills and the ledger (PGlite) run in this process over loopback HTTP. A missed target
 * prints MISS; only an error (or a balance that does not add up) exits non-zero.
 *
 *   npx tsx bench/live.bench.ts
 *   BENCH_SCALE=0.2 npx tsx bench/live.bench.ts   # fewer bills
 */
import { performance } from 'node:perf_hooks';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTerminal, type Terminal } from '../src/index.js';
import { monotonicUlids } from '../src/protocol/ulid.js';
import { startTestLedger } from '../test/support/ledger-fixture.js';

const HOUR = 3_600_000;
const GOAL_P95_MS = 250;
const OPENING = 1000;

function readScale(): number {
  const raw = process.env.BENCH_SCALE ?? '1';
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`BENCH_SCALE must be a positive number, got "${raw}"`);
  return scale;
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function main(): Promise<void> {
  const bills = Math.max(5, Math.round(200 * readScale()));
  const ledger = await startTestLedger('pglite');
  const tills: Terminal[] = [];
  try {
    const keyA = await ledger.addTerminal('till-a', 'store-1');
    const keyB = await ledger.addTerminal('till-b', 'store-1');
    const keyRef = await ledger.addTerminal('till-ref', 'store-1');
    await ledger.addMembers([{ memberId: 'asha', openingPoints: OPENING }, { memberId: 'ref', openingPoints: OPENING }]);
    const pulls: string[] = [];
    let pushAnsweredAt = 0;
    const spyPush = async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await fetch(input, init);
      if (String(input).endsWith('/v1/push')) pushAnsweredAt = performance.now();
      return response;
    };
    const till = (terminalId: string, apiKey: string, count = false) => {
      const t = createTerminal({
        ledgerUrl: ledger.url, terminalId, storeId: 'store-1', apiKey, indexedDB: new IDBFactory(), IDBKeyRange,
        pullIntervalMs: HOUR, leaderElection: { tryLead: async () => true, release: async () => {} },
        fetch: count ? (input: RequestInfo | URL, init?: RequestInit) => (String(input).endsWith('/v1/pull') && pulls.push('pull'), fetch(input, init)) : spyPush,
      });
      tills.push(t);
      return t;
    };
    const a = till('till-a', keyA);
    const b = till('till-b', keyB, true);
    await Promise.all([a.start(), b.start()]);
    await b.lookupMember({ memberId: 'asha' });
    await a.lookupMember({ memberId: 'asha' });
    if (!(await b.status()).live) await new Promise<void>((resolve) => { const off = b.on('status', (s) => s.live && (off(), resolve())); });
    const pullsBefore = pulls.length;

    // (a) bill at A → balance event at B
    const latencies: number[] = [];
    const streamShare: number[] = [];
    let expected = OPENING;
    for (let i = 0; i < bills; i++) {
      expected += 10;
      const target = expected;
      const seen = new Promise<number>((resolve) => {
        const off = b.on('balance', (x) => {
          if (x.memberId === 'asha' && x.confirmed >= target) {
            off();
            resolve(performance.now());
          }
        });
      });
      const roundEnded = new Promise<void>((resolve) => { const off = a.on('sync', () => (off(), resolve())); });
      const t0 = performance.now();
      await a.accrue({ memberId: 'asha', points: 10, bill: { billId: `L${i}`, amountPaise: 1000 } });
      const at = await seen;
      latencies.push(at - t0);
      streamShare.push(at - pushAnsweredAt);
      await roundEnded;
    }
    const shownAtB = (await b.getBalance('asha')).confirmed;
    if (shownAtB !== expected) throw new Error(`till B shows ${shownAtB}, the ledger holds ${expected}`);

    // (b) one push round trip, for reference
    const nextId = monotonicUlids();
    const pushes: number[] = [];
    for (let i = 0; i < Math.max(5, Math.round(bills / 4)); i++) {
      const intent = { intentId: nextId(), terminalId: 'till-ref', storeId: 'store-1', seq: i + 1, occurredAt: new Date().toISOString(), kind: 'accrue', memberId: 'ref', points: 1, bill: { billId: `P${i}`, amountPaise: 100 } };
      const t0 = performance.now();
      const r = await fetch(`${ledger.url}/v1/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keyRef}`, 'content-type': 'application/json' },
        body: JSON.stringify({ protocol: 'v1', terminalId: 'till-ref', storeId: 'store-1', intents: [intent] }),
      });
      await r.json();
      pushes.push(performance.now() - t0);
    }

    latencies.sort((x, y) => x - y);
    streamShare.sort((x, y) => x - y);
    pushes.sort((x, y) => x - y);
    const p95 = quantile(latencies, 0.95);
    console.log('live stream: a bill at till A seen at till B (B pulls hourly)');
    console.log(`  (a) bill → B's balance event   p50 ${ms(quantile(latencies, 0.5))}  p95 ${ms(p95)}  max ${ms(latencies.at(-1)!)}  over ${bills} bills`);
    console.log(`  (a') push answered → B's event p50 ${ms(quantile(streamShare, 0.5))}  p95 ${ms(quantile(streamShare, 0.95))}  (the stream's own share)`);
    console.log(`  (b) one push round trip        p50 ${ms(quantile(pushes, 0.5))}  p95 ${ms(quantile(pushes, 0.95))}  (reference, same run)`);
    console.log(`      pulls by B during the bills: ${pulls.length - pullsBefore}`);
    console.log(`  goal p95 ≤ ${GOAL_P95_MS} ms: ${p95 <= GOAL_P95_MS ? 'PASS' : 'MISS'} (p95 ${ms(p95)}, ${(p95 / quantile(pushes, 0.5)).toFixed(1)}× a push round trip)`);
  } finally {
    for (const t of tills) await t.close().catch(() => {});
    await ledger.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

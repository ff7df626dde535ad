/**
 * Section (d) of the terminal bench: push first. A till with autoSync on and a short pull
 * interval (so full rounds, each pulling 1,000 cached members, keep running beside the bills)
 * takes bills one after another; each is timed from `accrue()` to its `intent` event
 * `confirmed`. Interleaved with them, one push round trip: a push of one intent straight over
 * HTTP to the same ledger, by another terminal.
 */
import { performance } from 'node:perf_hooks';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTerminal } from '../../src/index.js';
import { intentMaker, pushBody } from '../../test/support/ledger-fixture.js';
import type { BenchLedger } from './bench-ledger.js';
import { memberId } from './local-pairs.js';
import { DRAIN_MEMBERS } from './terminal-drain.js';

/**
 * How often the till's full rounds (pull, ruleset, holds, prune) run during the measurement:
 * 1 s (the default pull interval is 15 s), so many bills land during a round; BENCH_ROUND_MS
 * sets another (50 ms keeps a round running almost all the time).
 */
export const ROUND_INTERVAL_MS = Number(process.env.BENCH_ROUND_MS ?? 1000);

export interface PushFirst {
  /** Bill → confirmed at the till, ms. */
  readonly bill: number[];
  /** One push round trip, ms. */
  readonly push: number[];
  /** Full rounds the till ran during the bills. */
  readonly rounds: number;
}

export async function measurePushFirst(ledger: BenchLedger, samples: number): Promise<PushFirst> {
  const apiKey = await ledger.addTerminal('first-till', 'first-store');
  const rawKey = await ledger.addTerminal('first-raw', 'first-store');
  const make = intentMaker('first-raw', 'first-store');
  const terminal = createTerminal({
    ledgerUrl: ledger.url, terminalId: 'first-till', storeId: 'first-store', apiKey, indexedDB: new IDBFactory(), IDBKeyRange,
    autoSync: true, pullIntervalMs: ROUND_INTERVAL_MS,
  });
  const confirmedAt = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  let rounds = 0;
  terminal.on('intent', (e) => {
    if (e.status !== 'confirmed') return;
    confirmedAt.set(e.intentId, performance.now());
    waiting.get(e.intentId)?.();
  });
  terminal.on('sync', (r) => {
    if (r.pulled >= 0 && r.requests === 0) rounds++;
  });
  await terminal.start();
  try {
    // The till holds the members it pulls each round.
    for (let i = 0; i < DRAIN_MEMBERS; i++) await terminal.lookupMember({ memberId: memberId(i) });
    const bill: number[] = [];
    const push: number[] = [];
    const warmup = Math.min(20, samples);
    for (let i = 0; i < warmup + samples; i++) {
      const member = memberId(i % DRAIN_MEMBERS);
      const t0 = performance.now();
      const receipt = await terminal.accrue({ memberId: member, points: 5, bill: { billId: `F${i}`, amountPaise: 5000 } });
      if (!confirmedAt.has(receipt.intentId)) await new Promise<void>((resolve) => waiting.set(receipt.intentId, resolve));
      const b = confirmedAt.get(receipt.intentId)! - t0;

      const body = JSON.stringify(pushBody('first-raw', 'first-store', [make.accrue(member, 5)]));
      const p0 = performance.now();
      const r = await ledger.request('POST', '/v1/push', rawKey, body);
      const p = performance.now() - p0;
      if (r.status !== 200 || !r.text.includes('"applied"')) throw new Error(`a raw push answered ${r.status}: ${r.text.slice(0, 300)}`);
      if (i >= warmup) {
        bill.push(b);
        push.push(p);
      }
    }
    return { bill, push, rounds };
  } finally {
    await terminal.close();
  }
}

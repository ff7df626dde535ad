/**
 * A ledger in a process of its own, for benches that load it from outside (the load
 * generator must not share the ledger's event loop). Started with `fork` and tsx's loader;
 * `LEDGER_DATABASE` holds the database config as JSON (`{"kind":"pglite"}` by default).
 *
 * Messages: it sends `{ ready, url, adminKey }` once listening; on `{ type: 'loop' }` it
 * answers, since the last ask, the event loop's delay and the database ping's round trip
 * (`{ loop: { p50Ms, p99Ms, maxMs }, busy, ping?: { p50Ms, p99Ms, maxMs } }`, `busy` the main
 * thread's event-loop utilisation in %, no ping without `ping`); on `{ type: 'close' }`
 * it closes the ledger and exits.
 *
 * The ping is what health waits for besides the event loop: every `PING_EVERY_MS` this thread
 * calls the database's `ping` as health does and times it (the embedded database answers it
 * from its thread's last answer when that is recent, else its thread answers a ping message
 * between two statements).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createLedger } from '../../src/ledger/index.js';
import type { DatabaseConfig } from '../../src/ledger/index.js';

const config = JSON.parse(process.env.LEDGER_DATABASE ?? '{"kind":"pglite"}') as DatabaseConfig;
const ledger = await createLedger({
  database: config,
  // The workload accrues without bill lines or a ruleset: lift the manual-points cap (0 by default).
  limits: { manualPointsPerBill: 2_147_483_647 },
  onError: () => {},
});
const url = await ledger.listen();
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let busySince = performance.eventLoopUtilization();

const PING_EVERY_MS = 20;
let pings: number[] = [];
const timePings = async () => {
  for (;;) {
    const started = performance.now();
    await ledger.database.ping?.().catch(() => {});
    pings.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, PING_EVERY_MS - (performance.now() - started))).unref());
  }
};
if (ledger.database.ping) void timePings();

function summary(values: readonly number[]): { p50Ms: number; p99Ms: number; maxMs: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { p50Ms: round(at(50)), p99Ms: round(at(99)), maxMs: round(at(100)) };
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'loop') {
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    const loopDelay = { p50Ms: ms(loop.percentile(50)), p99Ms: ms(loop.percentile(99)), maxMs: ms(loop.max) };
    // The share of the time the main thread was running, not waiting for events.
    const busy = Math.round(performance.eventLoopUtilization(busySince).utilization * 100);
    // A database without `ping` (PostgreSQL: health runs SELECT 1 on the pool) has no ping figures.
    process.send!({ loop: loopDelay, busy, ...(pings.length > 0 ? { ping: summary(pings) } : {}) });
    busySince = performance.eventLoopUtilization();
    loop.reset();
    pings = [];
  } else if (message.type === 'close') {
    void ledger.close().finally(() => process.exit(0));
  }
});
process.send!({ ready: true, url, adminKey: ledger.adminKey });

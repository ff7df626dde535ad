/**
 * A ledger in a process of its own, for benches that load it from outside (the load
 * generator must not share the ledger's event loop). Started with `fork` and tsx's loader;
 * `LEDGER_DATABASE` holds the database config as JSON (`{"kind":"pglite"}` by default).
 *
 * Messages: it sends `{ ready, url, adminKey }` once listening; on `{ type: 'loop' }` it
 * answers the event loop's delay since the last ask (`{ loop: { p50Ms, p99Ms, maxMs } }`);
 * on `{ type: 'close' }` it closes the ledger and exits.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
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
process.on('message', (message: { type: string }) => {
  if (message.type === 'loop') {
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    process.send!({ loop: { p50Ms: ms(loop.percentile(50)), p99Ms: ms(loop.percentile(99)), maxMs: ms(loop.max) } });
    loop.reset();
  } else if (message.type === 'close') {
    void ledger.close().finally(() => process.exit(0));
  }
});
process.send!({ ready: true, url, adminKey: ledger.adminKey });

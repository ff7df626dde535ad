// Runs in Chromium: the local half of the terminal benchmark on real IndexedDB.
import { createTerminal } from '../../src/index.js';
import { cacheMembers, measureLocalPairs, openRaw, type Pair } from '../support/local-pairs.js';

declare global {
  interface Window {
    benchResult?: { pairs: Pair[]; cacheMs: number; userAgent: string; isolated: boolean };
    benchError?: string;
  }
}

async function run(): Promise<void> {
  const scale = Number(new URLSearchParams(location.search).get('scale') ?? '1');
  const name = 'tillpoints-bench-browser';
  const db = await openRaw(indexedDB, name);
  const t0 = performance.now();
  await cacheMembers(db);
  const cacheMs = performance.now() - t0;
  const terminal = createTerminal({
    ledgerUrl: 'http://127.0.0.1:9', terminalId: 'bench-till', storeId: 'bench-store', apiKey: 'tp_term_unused_offline',
    databaseName: name, autoSync: false,
  });
  await terminal.start();
  try {
    window.benchResult = { pairs: await measureLocalPairs(db, terminal, scale), cacheMs, userAgent: navigator.userAgent, isolated: globalThis.crossOriginIsolated };
  } finally {
    await terminal.close();
    db.close();
  }
}

run().catch((error: unknown) => {
  window.benchError = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
});

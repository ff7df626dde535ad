/**
 * The local half of the terminal benchmark, (a) getBalance and (b) accrue against raw IndexedDB,
 * in real Chromium on its real IndexedDB (Debian's chromium, driven by playwright-core).
 * The same code as bench/terminal.bench.ts runs on fake-indexeddb in Node.
 *
 *   npx tsx bench/terminal-browser.bench.ts
 *   BENCH_SCALE=0.2 npx tsx bench/terminal-browser.bench.ts
 */
import { build } from 'esbuild';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchChromium } from '../test/support/chromium.js';
import { CACHED_MEMBERS, formatPairs, type Pair } from './support/local-pairs.js';

async function main(): Promise<void> {
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError('BENCH_SCALE must be a positive number');
  const bundle = await build({
    entryPoints: ['bench/browser/bench-entry.ts'], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022',
  });
  const script = bundle.outputFiles[0]!.text;
  // IndexedDB needs a real origin: serve the page from loopback. Cross-origin isolation
  // gives performance.now() 5 µs resolution instead of 100 µs.
  const isolated = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/bench.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript', ...isolated }).end(script);
    } else {
      res.writeHead(200, { 'content-type': 'text/html', ...isolated }).end('<!doctype html><title>tillpoints bench</title><script src="/bench.js"></script>');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/?scale=${scale}`);
    await page.waitForFunction(() => window.benchResult !== undefined || window.benchError !== undefined, undefined, { timeout: 600_000, polling: 500 });
    const error = await page.evaluate(() => window.benchError);
    if (error) throw new Error(`in the browser: ${error}`);
    const result = (await page.evaluate(() => window.benchResult))!;
    console.log(formatPairs(result.pairs as Pair[]));
    console.log(`\ncrossOriginIsolated ${result.isolated}; scale ${scale}, ${CACHED_MEMBERS.toLocaleString('en-US')} cached members (cached in ${Math.round(result.cacheMs)} ms); ${result.userAgent}`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error('\nbrowser bench failed:', error);
  process.exit(1);
});

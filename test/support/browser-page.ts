import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback page that loads the SDK as `window.tillpoints` (IndexedDB needs a real origin). */
export interface BrowserPage {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Bundles `src/index.ts` (or `entry`, a module's source resolved from the repository root) for
 * the browser and serves it with an empty page on a free port.
 */
export async function serveSdkPage(entry = "export * from './src/index.ts';"): Promise<BrowserPage> {
  const bundle = await build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true, write: false, format: 'iife', globalName: 'tillpoints', platform: 'browser', target: 'es2022',
  });
  const script = bundle.outputFiles[0]!.text;
  const server: Server = createServer((req, res) => {
    if (req.url === '/tillpoints.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>till</title><script src="/tillpoints.js"></script>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

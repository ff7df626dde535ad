/**
 * Bundles the web till (esbuild, `tillpoints` resolved to this package's source, as a vendor's
 * bundler resolves it to the installed package) and serves it with its `/config.json`.
 * The ledger lives on another origin: give it this server's `origins` as `corsOrigins`.
 */
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { WebTillConfig } from './config.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const packageEntry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

/** The web till's server. */
export interface WebTillServer {
  /** The page's URL, e.g. `http://127.0.0.1:4321/`. */
  readonly url: string;
  /** The origins a browser may open the page from (127.0.0.1 and localhost): the ledger's `corsOrigins`. */
  readonly origins: readonly string[];
  /** Sets what `/config.json` answers (until then it answers 503). */
  configure(config: WebTillConfig): void;
  close(): Promise<void>;
}

/** Bundles `till.ts` for the browser (ES2022, one file), with a source map a browser fetches only to debug. */
export async function bundleWebTill(): Promise<{ script: string; sourceMap: string }> {
  const out = await build({
    entryPoints: [`${here}till.ts`],
    alias: { tillpoints: packageEntry },
    bundle: true, minify: true, write: false, format: 'esm', platform: 'browser', target: 'es2022', sourcemap: 'linked',
    outfile: `${here}till.js`,
  });
  const file = (ext: string) => out.outputFiles.find((f) => f.path.endsWith(ext))!.text;
  return { script: file('till.js'), sourceMap: file('till.js.map') };
}

/** Serves the page on `host:port` (a free port by default). */
export async function serveWebTill(options: { port?: number; host?: string; config?: WebTillConfig } = {}): Promise<WebTillServer> {
  const [{ script, sourceMap }, html, css] = await Promise.all([
    bundleWebTill(), readFile(`${here}index.html`, 'utf8'), readFile(`${here}style.css`, 'utf8'),
  ]);
  let config = options.config;
  const files: Record<string, [string, string]> = {
    '/': ['text/html; charset=utf-8', html],
    '/index.html': ['text/html; charset=utf-8', html],
    '/till.js': ['text/javascript; charset=utf-8', script],
    '/till.js.map': ['application/json', sourceMap],
    '/style.css': ['text/css; charset=utf-8', css],
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/config.json') {
      if (!config) return res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"not configured yet"}');
      return res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(config));
    }
    const file = files[path];
    if (!file) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/`,
    origins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
    configure: (c) => void (config = c),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

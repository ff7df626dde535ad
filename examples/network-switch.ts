/**
 * A store's internet line, for the demo: a loopback HTTP proxy in front of the ledger, one
 * per till, that the demo flips between three modes.
 *
 * - `online`: requests and answers pass.
 * - `offline`: the connection is cut before anything reaches the ledger.
 * - `lose-answers`: the request reaches the ledger (which applies it), then the connection
 *   is cut before the answer gets back, so the till cannot know what happened.
 *
 * It also gives the till the hint a browser's `online`/`offline` events would: pass the
 * switch as the terminal's `connectivity` option.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export type NetworkMode = 'online' | 'offline' | 'lose-answers';
type Hint = 'online' | 'offline';

export interface NetworkSwitch {
  readonly url: string;
  readonly mode: NetworkMode;
  set(mode: NetworkMode): void;
  /** Resolves with the path of the next request to `path` whose answer this switch cut. */
  nextLostAnswer(path: string): Promise<string>;
  /** The terminal's `connectivity` hint. */
  subscribe(listener: (hint: Hint) => void): () => void;
  close(): Promise<void>;
}

export async function startNetworkSwitch(ledgerUrl: string): Promise<NetworkSwitch> {
  const target = new URL(ledgerUrl);
  let mode: NetworkMode = 'online';
  const hints = new Set<(hint: Hint) => void>();
  let waiting: { path: string; resolve: (path: string) => void }[] = [];

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (mode === 'offline') return void req.socket.destroy();
    const cutAnswer = mode === 'lose-answers';
    const upstream = request(
      { host: target.hostname, port: target.port, path, method: req.method, agent: false,
        headers: { ...req.headers, host: target.host } },
      (answer) => {
        if (!cutAnswer) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          return void answer.pipe(res);
        }
        answer.resume().on('end', () => {
          req.socket.destroy(); // the ledger has answered (and applied); the till never hears it
          const told = waiting.filter((w) => w.path === path);
          waiting = waiting.filter((w) => w.path !== path);
          for (const w of told) w.resolve(path);
        });
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get mode() {
      return mode;
    },
    set(next) {
      const hint: Hint | null = next === 'offline' ? 'offline' : mode === 'offline' ? 'online' : null;
      mode = next;
      if (hint) for (const listener of hints) listener(hint);
    },
    nextLostAnswer: (path) => new Promise((resolve) => waiting.push({ path, resolve })),
    subscribe(listener) {
      hints.add(listener);
      return () => hints.delete(listener);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

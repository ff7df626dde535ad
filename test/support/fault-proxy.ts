import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does to the next requests:
 * - `pass`: forwards to the ledger and back.
 * - `offline`: cuts the connection before anything reaches the ledger.
 * - `drop-response`: forwards to the ledger, lets it apply, then cuts the connection before the answer.
 * - `hang`: accepts the request and never answers.
 * - `respond`: answers with `respond(req, body)`'s status and body instead of the ledger.
 */
export type ProxyMode =
  | { kind: 'pass' }
  | { kind: 'offline' }
  | { kind: 'drop-response' }
  | { kind: 'hang' }
  | { kind: 'respond'; respond: (path: string, body: string) => { status: number; body: string } };

/** A loopback HTTP proxy in front of the real ledger that injects network faults. */
export interface FaultProxy {
  readonly url: string;
  mode: ProxyMode;
  /** Requests seen, by path. */
  readonly seen: string[];
  /** Requests that reached the ledger, by path. */
  readonly forwarded: string[];
  /** Event streams (`text/event-stream` answers) being passed through now. */
  readonly openStreams: number;
  /** Cuts every event stream being passed through, mid-way (both sides' connections). */
  cutStreams(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(ledgerUrl: string): Promise<FaultProxy> {
  const target = new URL(ledgerUrl);
  const sockets = new Set<Socket>();
  const streams = new Set<{ client: Socket; upstream: IncomingMessage }>();
  const proxy: FaultProxy = {
    url: '',
    mode: { kind: 'pass' },
    seen: [],
    forwarded: [],
    get openStreams() {
      return streams.size;
    },
    cutStreams() {
      for (const s of streams) {
        s.client.destroy();
        s.upstream.destroy();
      }
      streams.clear();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = req.url ?? '/';
    proxy.seen.push(path);
    const mode = proxy.mode;
    if (mode.kind === 'offline') return req.socket.destroy();
    if (mode.kind === 'hang') return;
    if (mode.kind === 'respond') {
      const answer = mode.respond(path, body.toString('utf8'));
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      return res.end(answer.body);
    }
    const upstream = request(
      { host: target.hostname, port: target.port, path, method: req.method, headers: { ...req.headers, host: target.host } },
      (up) => {
        // An event stream is passed through as it comes (it never ends by itself), until cut.
        if (/^text\/event-stream/.test(String(up.headers['content-type'] ?? '')) && mode.kind === 'pass') {
          proxy.forwarded.push(path);
          const entry = { client: req.socket, upstream: up };
          streams.add(entry);
          const forget = () => streams.delete(entry);
          up.on('close', forget);
          res.on('close', () => {
            forget();
            up.destroy();
          });
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.flushHeaders();
          up.pipe(res);
          return;
        }
        const parts: Buffer[] = [];
        up.on('data', (d: Buffer) => parts.push(d));
        up.on('end', () => {
          proxy.forwarded.push(path);
          if (mode.kind === 'drop-response') return req.socket.destroy();
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(Buffer.concat(parts));
        });
      },
    );
    upstream.on('error', () => req.socket.destroy());
    upstream.end(body);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  (proxy as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

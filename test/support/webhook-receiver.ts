import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver answers the next requests: a status, or never (it hangs until its client gives up). */
export type ReceiverMode = number | 'hang';

/** One POST the receiver got: its headers, raw body, and the status it answered (undefined: hung). */
export interface ReceivedRequest {
  readonly headers: IncomingMessage['headers'];
  readonly rawBody: string;
  readonly body: any;
  readonly status: number | undefined;
}

/**
 * A real HTTP server that receives webhooks: it answers as `mode` says, records every request
 * in arrival order, resolves `waitFor` promises as requests come (no polling), and can be stopped
 * and started again on the same port.
 */
export async function startWebhookReceiver(mode: ReceiverMode = 200) {
  const received: ReceivedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const hung = new Set<ServerResponse>();
  let server: Server | undefined;
  let port = 0;
  const self = {
    mode,
    /** How many of the next requests hang, whatever `mode` says. */
    hangNext: 0,
    received,
    get url() {
      return `http://127.0.0.1:${port}/hooks`;
    },
    /** Resolves once `count` requests in all have arrived. */
    waitFor(count: number): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async start(): Promise<void> {
      const s = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const rawBody = Buffer.concat(chunks).toString('utf8');
          const answer = self.hangNext > 0 ? 'hang' : self.mode;
          if (self.hangNext > 0) self.hangNext--;
          received.push({ headers: req.headers, rawBody, body: JSON.parse(rawBody), status: answer === 'hang' ? undefined : answer });
          if (answer === 'hang') hung.add(res);
          else res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
          for (const w of waiters.filter((w) => received.length >= w.count)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        });
      });
      server = s;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => resolve());
      });
      port = (s.address() as AddressInfo).port;
    },
    /** Stops listening and drops every connection (hung ones too): the receiver is down. */
    async stop(): Promise<void> {
      const s = server;
      server = undefined;
      if (!s) return;
      hung.clear();
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
  await self.start();
  return self;
}

/** A running {@link startWebhookReceiver}. */
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

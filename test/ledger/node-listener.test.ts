import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLedger } from '../../src/ledger/index.js';
import type { LedgerHandler } from '../../src/ledger/http/ledger-server.js';
import { createNodeServer } from '../../src/ledger/http/node-listener.js';
import { createPostgresDatabase } from '../support/ledger-fixture.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

async function serve(handler: LedgerHandler): Promise<{ port: number; base: string }> {
  const server = createNodeServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, base: `http://127.0.0.1:${port}` };
}

/** Sends raw bytes and reads the whole answer (the server closes, or `close` ends it). */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('the node:http adapter of the ledger handler', () => {
  it('gives the handler the target as a path, never another host', async () => {
    const seen: string[] = [];
    const { port } = await serve(async (request) => {
      seen.push(new URL(request.url).pathname);
      return new Response(null, { status: 204 });
    });
    await rawExchange(port, 'GET //ledger/v1/health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
    expect(seen).toEqual(['//ledger/v1/health']);
  });

  it('writes a streamed answer whole, however much larger than the socket buffers it is', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(65);
    const chunks = 160; // 10 MiB
    const { base } = await serve(async () => {
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < chunks) controller.enqueue(chunk);
          else controller.close();
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'application/octet-stream' } });
    });
    const res = await fetch(base + '/stream');
    expect((await res.arrayBuffer()).byteLength).toBe(chunk.byteLength * chunks);
  });

  it("aborts the request's signal when the client goes away", async () => {
    let signalled!: () => void;
    const aborted = new Promise<void>((resolve) => (signalled = resolve));
    let received!: () => void;
    const arrived = new Promise<void>((resolve) => (received = resolve));
    const { base } = await serve(async (request) => {
      received();
      await new Promise<void>((resolve) => request.signal.addEventListener('abort', () => resolve()));
      signalled();
      return new Response(null, { status: 204 });
    });
    const client = new AbortController();
    const sent = fetch(base + '/slow', { signal: client.signal }).catch((e: unknown) => e);
    await arrived;
    client.abort();
    await aborted;
    expect(await sent).toBeInstanceOf(Error);
  });

  it('answers a method a Request cannot carry (TRACE) with a JSON 405, without the handler', async () => {
    let called = false;
    const { port } = await serve(async () => {
      called = true;
      return new Response(null, { status: 204 });
    });
    const answer = await rawExchange(port, 'TRACE /v1/push HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 405 /);
    expect(answer).toContain('"code":"method_not_allowed"');
    expect(answer).toContain('cache-control: no-store');
    expect(called).toBe(false);
  });

  it('answers a body cut off by a client that went away as a client mistake, not as a fault of the ledger', async () => {
    const adminKey = 'tp_admin_node-listener-test-key-0123456789';
    const faults: unknown[] = [];
    const pg = await createPostgresDatabase();
    const database = { kind: 'postgres', url: pg.url, poolSize: 2 } as const;
    const ledger = await createLedger({ database, adminKey, holdSweepMs: 0, onError: (e) => faults.push(e) });
    try {
      let answered!: (response: Response) => void;
      const answer = new Promise<Response>((resolve) => (answered = resolve));
      const { port } = await serve(async (request) => {
        const response = await ledger.fetch(request);
        answered(response);
        return response;
      });
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /v1/admin/members HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${adminKey}\r\n` +
            'content-type: application/json\r\ncontent-length: 1000\r\n\r\n{"protocol":"v1","mem',
        );
        // Gone before the rest of the body, once the server has the first bytes.
        setImmediate(() => socket.destroy());
      });
      socket.on('error', () => {});
      const response = await answer;
      expect(response.status).toBe(400);
      expect(faults).toEqual([]);
    } finally {
      await ledger.close();
      await pg.drop();
    }
  });
});

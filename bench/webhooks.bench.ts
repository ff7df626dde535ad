/**
 * Bill at the till → webhook received, end to end, on loopback (issue 11, "Webhooks the app can rely on").
 *   till       terminal.accrue(...) on a till (the terminal SDK, autoSync on, fake-indexeddb) against
 *              a reference ledger on PGlite over HTTP, until a receiving node:http server gets the
 *              signed `points.earned` POST for that bill (goal: p95 ≤ 100 ms)
 *   baselines  measured in the same run, same ledger and receiver: one push round trip made
 *              directly over HTTP (no till), and that push's start → its webhook received
 * Every delivery's signature is verified as a receiver would; a bad one, or a bill whose webhook
 * never comes, fails the run. A missed goal prints MISS.
 *
 *   npx tsx bench/webhooks.bench.ts
 *   BENCH_SCALE=0.2 npx tsx bench/webhooks.bench.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTerminal } from '../src/index.js';
import { verifyWebhookSignature } from '../src/ledger/index.js';
import { intentMaker, pushBody, startTestLedger } from '../test/support/ledger-fixture.js';
import { percentile } from './support/local-pairs.js';

const TILL = { terminalId: 'bench-till', storeId: 'bench-store' } as const;
const DIRECT = { terminalId: 'bench-direct', storeId: 'bench-store' } as const;
const MEMBERS = 20;
const GOAL_P95_MS = 100;
const memberId = (i: number) => `W${String(i % MEMBERS).padStart(3, '0')}`;

function readScale(): number {
  const raw = process.env.BENCH_SCALE ?? '1';
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`BENCH_SCALE must be a positive number, got "${raw}"`);
  return scale;
}

/** A receiver that verifies every POST and resolves the waiter of its bill when it arrives. */
async function startReceiver(secret: () => string) {
  const waiters = new Map<string, (at: number) => void>();
  const early = new Map<string, number>();
  let badSignatures = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const raw = Buffer.concat(chunks).toString('utf8');
      if (!verifyWebhookSignature(secret(), req.headers['tillpoints-signature'] as string | undefined, raw).valid) badSignatures++;
      res.writeHead(204).end();
      const billId = JSON.parse(raw).data?.billId as string | undefined;
      if (!billId) return;
      const waiter = waiters.get(billId);
      if (waiter) waiter(at);
      else early.set(billId, at);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    get badSignatures() {
      return badSignatures;
    },
    /** When the webhook of `billId` arrived (it may already have). */
    received(billId: string): Promise<number> {
      const at = early.get(billId);
      if (at !== undefined) return Promise.resolve(at);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no webhook for bill ${billId} within 10 s`)), 10_000);
        waiters.set(billId, (t) => {
          clearTimeout(timer);
          resolve(t);
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ms = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1)! };
};
const fmt = (s: { p50: number; p95: number; max: number }) => `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;

async function main(): Promise<void> {
  const scale = readScale();
  const bills = Math.max(10, Math.round(200 * scale));
  const ledger = await startTestLedger('pglite');
  let secret = '';
  const receiver = await startReceiver(() => secret);
  const terminal = createTerminal({
    ledgerUrl: ledger.url,
    ...TILL,
    apiKey: await ledger.addTerminal(TILL.terminalId, TILL.storeId),
    indexedDB: new IDBFactory(),
    IDBKeyRange,
  });
  try {
    const directKey = await ledger.addTerminal(DIRECT.terminalId, DIRECT.storeId);
    await ledger.addMembers(Array.from({ length: MEMBERS }, (_, i) => ({ memberId: memberId(i) })));
    const made = await ledger.post('/v1/admin/webhooks', { protocol: 'v1', url: receiver.url, eventTypes: ['points.earned'] }, ledger.adminKey);
    if (made.status !== 201) throw new Error(`subscribe: ${JSON.stringify(made.body)}`);
    secret = made.body.secret;
    await terminal.start();

    // Warm-up: every member once through the till (so the till knows them) and once directly.
    const direct = intentMaker(DIRECT.terminalId, DIRECT.storeId);
    for (let i = 0; i < MEMBERS; i++) {
      await terminal.accrue({ memberId: memberId(i), points: 1, bill: { billId: `warm-till-${i}`, amountPaise: 100 } });
      await receiver.received(`warm-till-${i}`);
      await ledger.post('/v1/push', pushBody(DIRECT.terminalId, DIRECT.storeId, [direct.accrue(memberId(i), 1, `warm-direct-${i}`)]), directKey);
      await receiver.received(`warm-direct-${i}`);
    }

    const tillToWebhook: number[] = [];
    const pushRoundTrip: number[] = [];
    const pushToWebhook: number[] = [];
    for (let i = 0; i < bills; i++) {
      // Interleaved, so drift hits both alike.
      const tillBill = `till-${i}`;
      const t0 = performance.now();
      await terminal.accrue({ memberId: memberId(i), points: 1 + (i % 7), bill: { billId: tillBill, amountPaise: 100 * (1 + (i % 7)) } });
      tillToWebhook.push((await receiver.received(tillBill)) - t0);

      const directBill = `direct-${i}`;
      const t1 = performance.now();
      const r = await ledger.post('/v1/push', pushBody(DIRECT.terminalId, DIRECT.storeId, [direct.accrue(memberId(i + 7), 1 + (i % 5), directBill)]), directKey);
      pushRoundTrip.push(performance.now() - t1);
      if (r.status !== 200 || r.body.results[0].outcome !== 'applied') throw new Error(`direct push: ${JSON.stringify(r.body)}`);
      pushToWebhook.push((await receiver.received(directBill)) - t1);
    }
    if (receiver.badSignatures > 0) throw new Error(`${receiver.badSignatures} deliveries failed signature verification`);

    const till = ms(tillToWebhook);
    const roundTrip = ms(pushRoundTrip);
    const pushed = ms(pushToWebhook);
    console.log(`webhooks: ${bills} bills at a till on ${MEMBERS} members, ledger on PGlite, receiver on node:http, loopback`);
    console.log(`  bill at the till → webhook received:   ${fmt(till)}; goal p95 ≤ ${GOAL_P95_MS} ms: ${till.p95 <= GOAL_P95_MS ? 'PASS' : 'MISS'}`);
    console.log(`  baseline, one push round trip (no till): ${fmt(roundTrip)}`);
    console.log(`  baseline, push start → webhook received:  ${fmt(pushed)}`);
    console.log(`  ratio till→webhook p95 / push round trip p95: ${(till.p95 / roundTrip.p95).toFixed(1)}×; every signature verified`);
    console.log(`\nscale ${scale}, Node ${process.version}`);
  } finally {
    await terminal.close();
    await ledger.close();
    await receiver.close();
  }
}

main().catch((error: unknown) => {
  console.error('\nwebhooks bench failed:', error);
  process.exit(1);
});

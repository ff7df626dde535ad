/**
 * Throughput of the reference ledger over real HTTP on loopback, for PGlite (embedded,
 * in memory) and PostgreSQL (a throwaway server from startPostgresServer()). Each database
 * gets one ledger with 1,000 members holding opening points, then three scenarios of
 * accruals and redemptions (60/40, same seeded workload for every database):
 *   single      one intent per push, sequentially, from one terminal (1,000 intents)
 *   batched     pushes of 500 intents, sequentially, from one terminal (20,000 intents)
 *   concurrent  8 terminals pushing batches of 500 at once (20,000 intents in all)
 * Every result must be applied or an insufficient_points rejection, and the trial balance
 * must be even afterwards; otherwise the script exits non-zero.
 *
 *   npx tsx bench/ledger-throughput.bench.ts
 *   BENCH_SCALE=0.1 BENCH_DATABASES=pglite npx tsx bench/ledger-throughput.bench.ts
 *
 * The ledger runs in this process, so client, server and PGlite share one event loop:
 * the figures are for the whole loopback system, not the server alone.
 */
import { performance } from 'node:perf_hooks';
import { createLedger, type Ledger } from '../src/ledger/index.js';
import type { IntentV1, PushResultV1, TrialBalanceV1 } from '../src/protocol/index.js';
import { intentMaker, pushBody } from '../test/support/ledger-fixture.js';
import { startPostgresServer, type PostgresServer } from '../test/support/postgres-server.js';

const DATABASES = ['pglite', 'postgres'] as const;
type DatabaseKind = (typeof DATABASES)[number];

const MEMBERS = 1_000;
const OPENING_POINTS = 100;
const BATCH = 500;
const TERMINALS = 8;
const STORE_ID = 'S1';
const EXPECTED_REJECTIONS: ReadonlySet<string> = new Set(['insufficient_points']);

interface Scenario { readonly name: string; readonly id: string; readonly terminals: number; readonly perTerminal: number; readonly batch: number }
interface Row { database: DatabaseKind; scenario: string; intents: number; requests: number; applied: number; rejected: number; seconds: number }

function readScale(): number {
  const raw = process.env.BENCH_SCALE ?? '1';
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`BENCH_SCALE must be a positive number, got "${raw}"`);
  return scale;
}

function readDatabases(): DatabaseKind[] {
  const raw = process.env.BENCH_DATABASES ?? DATABASES.join(',');
  const kinds = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = kinds.filter((k) => !(DATABASES as readonly string[]).includes(k));
  if (kinds.length === 0 || unknown.length > 0) throw new RangeError(`BENCH_DATABASES must list ${DATABASES.join(' and/or ')}, got "${raw}"`);
  return kinds as DatabaseKind[];
}

function scenarios(scale: number): Scenario[] {
  const n = (base: number) => Math.max(1, Math.round(base * scale));
  return [
    { name: 'single', id: 'single', terminals: 1, perTerminal: n(1_000), batch: 1 },
    { name: `batched ×${BATCH}`, id: 'batched', terminals: 1, perTerminal: n(20_000), batch: BATCH },
    { name: `concurrent ${TERMINALS}×${BATCH}`, id: 'concurrent', terminals: TERMINALS, perTerminal: n(20_000 / TERMINALS), batch: BATCH },
  ];
}

// A seeded generator (mulberry32), so every database gets the same workload.
function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const memberId = (i: number) => `M${String(i).padStart(5, '0')}`;

function makeIntents(terminalId: string, count: number, random: () => number): IntentV1[] {
  const make = intentMaker(terminalId, STORE_ID);
  return Array.from({ length: count }, () => {
    const member = memberId(Math.floor(random() * MEMBERS));
    const points = 1 + Math.floor(random() * 100);
    return random() < 0.6 ? make.accrue(member, points) : make.redeem(member, points);
  });
}

async function request(url: string, method: string, path: string, key: string, body?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body }),
  });
  return { status: res.status, text: await res.text() };
}

async function expectStatus(what: string, status: number, reply: Promise<{ status: number; text: string }>): Promise<any> {
  const r = await reply;
  if (r.status !== status) throw new Error(`${what} answered ${r.status}, expected ${status}: ${r.text.slice(0, 500)}`);
  return JSON.parse(r.text);
}

async function runScenario(url: string, adminKey: string, database: DatabaseKind, s: Scenario, random: () => number): Promise<Row> {
  const terminals = [];
  for (let t = 1; t <= s.terminals; t++) {
    const terminalId = `${s.id}-${t}`;
    const registration = JSON.stringify({ protocol: 'v1', terminalId, storeId: STORE_ID });
    const { apiKey } = await expectStatus('POST /v1/admin/terminals', 201, request(url, 'POST', '/v1/admin/terminals', adminKey, registration));
    const intents = makeIntents(terminalId, s.perTerminal, random);
    const bodies: { json: string; size: number }[] = [];
    for (let i = 0; i < intents.length; i += s.batch) {
      const chunk = intents.slice(i, i + s.batch);
      bodies.push({ json: JSON.stringify(pushBody(terminalId, STORE_ID, chunk)), size: chunk.length });
    }
    terminals.push({ apiKey: apiKey as string, bodies });
  }
  const row: Row = { database, scenario: s.name, intents: s.terminals * s.perTerminal, requests: 0, applied: 0, rejected: 0, seconds: 0 };
  const started = performance.now();
  await Promise.all(
    terminals.map(async ({ apiKey, bodies }) => {
      for (const body of bodies) {
        const { results } = (await expectStatus('POST /v1/push', 200, request(url, 'POST', '/v1/push', apiKey, body.json))) as { results: PushResultV1[] };
        if (results.length !== body.size) throw new Error(`push of ${body.size} intents answered ${results.length} results`);
        for (const r of results) {
          if (r.outcome === 'applied') row.applied++;
          else if (r.outcome === 'rejected' && EXPECTED_REJECTIONS.has(r.reason)) row.rejected++;
          else throw new Error(`unexpected push result: ${JSON.stringify(r)}`);
        }
        row.requests++;
      }
    }),
  );
  row.seconds = (performance.now() - started) / 1000;
  return row;
}

async function benchDatabase(kind: DatabaseKind, scale: number): Promise<Row[]> {
  let server: PostgresServer | undefined;
  let ledger: Ledger | undefined;
  try {
    if (kind === 'postgres') {
      server = await startPostgresServer();
    }
    ledger = await createLedger({
      database: server ? { kind: 'postgres', url: server.url, poolSize: 16 } : { kind: 'pglite' },
      // The workload accrues without bill lines or a ruleset: lift the manual-points cap (0 by default).
      limits: { manualPointsPerBill: 2_147_483_647 },
    });
    const url = await ledger.listen();
    // A fresh database: the ledger made its first admin key.
    const adminKey = ledger.adminKey!;
    const members = Array.from({ length: MEMBERS }, (_, i) => ({ memberId: memberId(i), openingPoints: OPENING_POINTS }));
    await expectStatus('POST /v1/admin/members', 201, request(url, 'POST', '/v1/admin/members', adminKey, JSON.stringify({ protocol: 'v1', members })));
    const random = seededRandom(20_261_123);
    const rows: Row[] = [];
    for (const s of scenarios(scale)) {
      process.stderr.write(`${kind}: ${s.name}...\n`);
      rows.push(await runScenario(url, adminKey, kind, s, random));
    }
    const balance = (await expectStatus('GET /v1/admin/trial-balance', 200, request(url, 'GET', '/v1/admin/trial-balance', adminKey))) as TrialBalanceV1;
    if (balance.total !== 0 || balance.mismatchedMembers.length > 0) {
      throw new Error(`${kind}: the trial balance is off: ${JSON.stringify(balance)}`);
    }
    return rows;
  } finally {
    try {
      await ledger?.close();
    } finally {
      await server?.stop();
    }
  }
}

function printTable(rows: readonly Row[]): void {
  const header = ['database', 'scenario', 'intents', 'requests', 'applied', 'rejected', 'seconds', 'intents/s'];
  const int = (n: number) => n.toLocaleString('en-US');
  const cells = rows.map((r) => [
    r.database, r.scenario, int(r.intents), int(r.requests), int(r.applied), int(r.rejected), r.seconds.toFixed(2), int(Math.round(r.intents / r.seconds)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => c.map((v, i) => (i < 2 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  console.log([line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n'));
}

async function main(): Promise<void> {
  const scale = readScale();
  const rows: Row[] = [];
  try {
    for (const kind of readDatabases()) rows.push(...(await benchDatabase(kind, scale)));
  } finally {
    if (rows.length > 0) printTable(rows);
  }
  console.log(`\nscale ${scale}, ${MEMBERS.toLocaleString('en-US')} members, Node ${process.version}; trial balance even after every database`);
}

main().catch((error: unknown) => {
  console.error('\nledger-throughput failed:', error);
  process.exit(1); // also when a child process is left that would keep the event loop alive
});

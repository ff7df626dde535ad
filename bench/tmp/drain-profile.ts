import { performance } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTerminal } from '../../src/index.js';
import { startTestLedger } from '../../test/support/ledger-fixture.js';
import { memberId, seededRandom } from '../support/local-pairs.js';

const N = Number(process.env.N ?? 10000);
const ledger = await startTestLedger('pglite');
const apiKey = await ledger.addTerminal('t1', 's1');
await ledger.addMembers(Array.from({ length: 1000 }, (_, i) => ({ memberId: memberId(i), openingPoints: 100 })));
const terminal = createTerminal({ ledgerUrl: ledger.url, terminalId: 't1', storeId: 's1', apiKey, indexedDB: new IDBFactory(), IDBKeyRange, autoSync: false, requestTimeoutMs: 60000, batchSize: Number(process.env.BATCH ?? 200) });
await terminal.start();
const random = seededRandom(7);
let t0 = performance.now();
for (let i = 0; i < N; i++) {
  const id = memberId(Math.floor(random() * 1000));
  const points = 1 + Math.floor(random() * 50);
  await terminal.accrue({ memberId: id, points, bill: { billId: `D${i}`, amountPaise: points * 100 } });
}
console.log('write', ((performance.now() - t0) / 1000).toFixed(2));
const session = new Session(); session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.start');
t0 = performance.now();
const r = await terminal.sync();
const s = (performance.now() - t0) / 1000;
const { profile } = await session.post('Profiler.stop') as any; writeFileSync(process.env.PROF ?? '/tmp/drain.cpuprofile', JSON.stringify(profile));
console.log(JSON.stringify((globalThis as any).__ph, (k,v)=>typeof v==='number'?Math.round(v):v));
console.log('sync', s.toFixed(2), Math.round(N / s), JSON.stringify(r));
await terminal.close();
await ledger.close();

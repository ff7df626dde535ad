/**
 * The demo: a reference ledger on the embedded database, and two tills talking to it over
 * HTTP. Shows exactly-once under a lost answer, a double redemption refused, a return,
 * another till seeing the change, and the books balancing.
 *
 *   npm run demo
 */
import { monotonicFactory } from 'ulid';
import { createLedger } from '../src/ledger/index.js';
import type { IntentV1, PushResponseV1, PushResultV1 } from '../src/protocol/index.js';

const started = Date.now();
const say = (line: string) => console.log(`[${String(Date.now() - started).padStart(5)} ms] ${line}`);
const rupees = (paise: number) => `₹${(paise / 100).toLocaleString('en-IN', { minimumFractionDigits: 2 })}`;

const ledger = await createLedger({ database: { kind: 'pglite' } });
const url = await ledger.listen();
say(`ledger listening on ${url} (embedded PostgreSQL, in memory)`);

async function call<T>(path: string, key: string, body?: unknown): Promise<T> {
  const res = await fetch(url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

// The loyalty team enrols members and registers two tills.
await call('/v1/admin/members', ledger.adminKey, {
  protocol: 'v1',
  members: [
    { memberId: 'asha', name: 'Asha Patil', cardNumber: 'TP0001', phone: '+91 98765 43210', openingPoints: 500 },
    { memberId: 'ravi', name: 'Ravi Kumar', cardNumber: 'TP0002', phone: '09123456780', openingPoints: 100 },
  ],
});
function till(terminalId: string, storeId: string) {
  const nextId = monotonicFactory();
  let seq = 0;
  let key = '';
  const base = (memberId: string) => ({ intentId: nextId(), terminalId, storeId, memberId, seq: ++seq, occurredAt: new Date().toISOString() });
  return {
    name: `${terminalId}@${storeId}`,
    async register() {
      key = (await call<{ apiKey: string }>('/v1/admin/terminals', ledger.adminKey, { protocol: 'v1', terminalId, storeId })).apiKey;
    },
    accrue: (memberId: string, billId: string, amountPaise: number): IntentV1 => ({
      ...base(memberId), kind: 'accrue', points: Math.floor(amountPaise / 1000), bill: { billId, amountPaise },
    }),
    redeem: (memberId: string, points: number): IntentV1 => ({ ...base(memberId), kind: 'redeem', points }),
    reverse: (memberId: string, original: string, points: number): IntentV1 => ({
      ...base(memberId), kind: 'reverse', originalIntentId: original, points, reason: 'returned 1 kurta',
    }),
    push: async (intents: IntentV1[]) =>
      (await call<PushResponseV1>('/v1/push', key, { protocol: 'v1', terminalId, storeId, intents })).results,
    pull: (cursor: string | null, memberIds: string[]) =>
      call<{ changes: { memberId: string; points: number; version: number }[]; cursor: string }>('/v1/pull', key, {
        protocol: 'v1', terminalId, storeId, cursor, memberIds,
      }),
    lookupPhone: (phone: string) =>
      call<{ member: { memberId: string; name: string; balance: { points: number } } }>(`/v1/members/lookup?phone=${encodeURIComponent(phone)}`, key),
  };
}
const mumbai = till('mum-till-1', 'mumbai-andheri');
const pune = till('pune-till-1', 'pune-fc-road');
await mumbai.register();
await pune.register();
say('enrolled asha (500 points) and ravi (100 points); registered a till in Mumbai and one in Pune');

const describe = (r: PushResultV1): string => {
  if (r.outcome === 'applied') return `applied -> ${r.balance.memberId} has ${r.balance.points} points (v${r.balance.version})`;
  if (r.outcome === 'rejected') return `rejected: ${r.reason} (${r.message})`;
  return `duplicate of an earlier ${r.original.outcome}; nothing applied again`;
};

const pune0 = await pune.pull(null, ['asha', 'ravi']);
const bill = mumbai.accrue('asha', 'MUM-0001', 124_000);
say(`Mumbai: bill MUM-0001 for asha, ${rupees(124_000)} -> ${bill.kind === 'accrue' ? bill.points : 0} points`);
const [earned] = await mumbai.push([bill]);
say(`  ledger: ${describe(earned!)}`);

say('Mumbai: the answer was lost on the way back; the till sends the same intent again');
const [again] = await mumbai.push([bill]);
say(`  ledger: ${describe(again!)}`);

say('Mumbai and Pune both try to redeem 400 of asha\'s 624 points at the same moment');
const [m, p] = await Promise.all([mumbai.push([mumbai.redeem('asha', 400)]), pune.push([pune.redeem('asha', 400)])]);
say(`  Mumbai: ${describe(m![0]!)}`);
say(`  Pune:   ${describe(p![0]!)}`);

say('Mumbai: asha returns one line of MUM-0001; the 50 points it earned are taken back');
const [returned] = await mumbai.push([mumbai.reverse('asha', bill.intentId, 50)]);
say(`  ledger: ${describe(returned!)}`);
const [tooMuch] = await mumbai.push([mumbai.reverse('asha', bill.intentId, 100)]);
say(`  a second return of 100 more: ${describe(tooMuch!)}`);

const changes = await pune.pull(pune0.cursor, ['asha', 'ravi']);
say(`Pune pulls what changed since its last look: ${changes.changes.map((c) => `${c.memberId} = ${c.points} (v${c.version})`).join(', ')}`);
const found = await pune.lookupPhone('98765-43210');
say(`Pune looks up "98765-43210": ${found.member.name}, ${found.member.balance.points} points`);

const tb = await call<{ accounts: { account: string; balance: number }[]; total: number; mismatchedMembers: string[] }>(
  '/v1/admin/trial-balance', ledger.adminKey,
);
say(`trial balance: ${tb.accounts.map((a) => `${a.account} ${a.balance}`).join(', ')}; total ${tb.total}`);
say(tb.total === 0 && tb.mismatchedMembers.length === 0 ? 'the books balance: every point is accounted for' : 'THE BOOKS DO NOT BALANCE');
await ledger.close();
if (tb.total !== 0) process.exit(1);

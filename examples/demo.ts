/**
 * The tillpoints demo: the reference ledger on the embedded database (PGlite, in memory),
 * three tills in three stores running the terminal SDK, each behind its own network switch
 * (examples/network-switch.ts), and a day of a store with flaky internet, as a timeline:
 *
 *   1. the ledger starts; members are enrolled and three tills registered and started;
 *   2. bills at the counter answer at once with provisional points; the ledger confirms
 *      them in milliseconds, and another store sees the new balance on its next pull;
 *   3. Pune's internet goes down: bills and a redemption still answer at once, the queue grows;
 *   4. meanwhile the same member spends her points in Mumbai, which is online;
 *   5. Pune reconnects: the ledger confirms its bills, refuses its redemption
 *      (insufficient_points), and the till tells the cashier what to do;
 *   6. in Jaipur the ledger applies a bill but the answer is lost: the till sends it again,
 *      the ledger answers from its store, and nothing is applied twice;
 *   7. every till's balances next to the ledger's, and the ledger's trial balance.
 *
 * It never sleeps: it waits on the SDK's events and on awaited sync() rounds. It exits
 * non-zero if a till disagrees with the ledger, the books do not balance, or it
 * is stuck for 20 s once the ledger is up.
 *
 *   npm run demo
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTerminal, isTillpointsError, type Balance, type IntentEvent, type Terminal } from '../src/index.js';
import { createLedger } from '../src/ledger/index.js';
import { startNetworkSwitch, type NetworkSwitch } from './network-switch.js';

const t0 = performance.now();
const say = (line: string) => console.log(`[${(performance.now() - t0).toFixed(0).padStart(5)} ms] ${line}`);
const heading = (title: string) => console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 76 - title.length))}`);
const ms = (since: number) => `${(performance.now() - since).toFixed(1)} ms`;
const rupees = (paise: number) => `₹${(paise / 100).toLocaleString('en-IN', { minimumFractionDigits: 2 })}`;
const pointsFor = (paise: number) => Math.floor(paise / 1000); // 1 point per ₹10 (until tillpoints/rules)
const show = (b: Balance) => {
  const pending = `${b.pendingAccrual ? ` +${b.pendingAccrual}` : ''}${b.pendingRedemption ? ` −${b.pendingRedemption}` : ''}`;
  return `${b.provisional} points (${b.confirmed} confirmed${pending ? `${pending} pending` : ''})`;
};

// ── The ledger, its members and the tills ──
const ledger = await createLedger({ database: { kind: 'pglite' } });
const ledgerUrl = await ledger.listen();
setTimeout(() => (console.error('the demo is stuck: giving up after 20 s'), process.exit(1)), 20_000).unref();

async function admin<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(ledgerUrl + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${ledger.adminKey}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const ledgerPoints = async (memberId: string) =>
  (await admin<{ member: { balance: { points: number } } }>(`/v1/members/lookup?memberId=${memberId}`)).member.balance.points;

const members = [
  { memberId: 'asha', name: 'Asha Patil', cardNumber: 'TP0001', phone: '+91 98765 43210', openingPoints: 500 },
  { memberId: 'ravi', name: 'Ravi Kumar', cardNumber: 'TP0002', phone: '09123456780', openingPoints: 100 },
  { memberId: 'meera', name: 'Meera Iyer', cardNumber: 'TP0003', phone: '98450-12345', openingPoints: 300 },
];

interface Till {
  readonly name: string;
  readonly terminal: Terminal;
  readonly net: NetworkSwitch;
}
const made = new Map<string, { at: number; what: string }>(); // intent id -> when and what, for the timeline
const settled = new Map<string, { promise: Promise<IntentEvent>; resolve: (e: IntentEvent) => void }>();
function outcome(intentId: string) {
  let entry = settled.get(intentId);
  if (!entry) {
    let resolve!: (e: IntentEvent) => void;
    entry = { promise: new Promise<IntentEvent>((r) => (resolve = r)), resolve };
    settled.set(intentId, entry);
  }
  return entry;
}

async function openTill(name: string, terminalId: string, storeId: string): Promise<Till> {
  const { apiKey } = await admin<{ apiKey: string }>('/v1/admin/terminals', { protocol: 'v1', terminalId, storeId });
  const net = await startNetworkSwitch(ledgerUrl);
  const terminal = createTerminal({
    ledgerUrl: net.url, terminalId, storeId, apiKey, indexedDB: new IDBFactory(), IDBKeyRange,
    autoSync: true, pullIntervalMs: 500, retry: { baseMs: 200, maxMs: 1000 }, connectivity: net,
  });
  terminal.on('intent', (e) => {
    if (e.status === 'pending') return;
    const m = made.get(e.intentId);
    const verdict = e.status === 'confirmed' ? 'confirmed' : `REFUSED (${e.reason})`;
    say(`  ${name}: the ledger ${verdict} ${m?.what}, ${m ? ms(m.at) : '?'} after the till took it`);
    outcome(e.intentId).resolve(e);
  });
  terminal.on('conflict', (c) => {
    say(`  ${name}: CONFLICT ${c.kind} of ${c.points} points for ${c.memberId}: ${c.message}`);
    say(`  ${name}: tell the cashier: "${c.action}"`);
  });
  await terminal.start();
  return { name, terminal, net };
}

async function bill(till: Till, memberId: string, billId: string, amountPaise: number): Promise<string> {
  const points = pointsFor(amountPaise);
  const at = performance.now();
  const r = await till.terminal.accrue({ memberId, points, bill: { billId, amountPaise } });
  made.set(r.intentId, { at, what: `bill ${billId} (+${points} ${memberId})` });
  say(`${till.name}: bill ${billId}, ${rupees(amountPaise)}, ${memberId} earns ${points} -> shows ${show(r.balance)} in ${ms(at)}`);
  return r.intentId;
}

async function redeem(till: Till, memberId: string, points: number): Promise<string> {
  const at = performance.now();
  const r = await till.terminal.redeem({ memberId, points });
  made.set(r.intentId, { at, what: `redemption (−${points} ${memberId})` });
  say(`${till.name}: ${memberId} redeems ${points} points -> shows ${show(r.balance)} in ${ms(at)}`);
  return r.intentId;
}

async function queue(till: Till) {
  const s = await till.terminal.status();
  say(`${till.name}: status: online ${s.online}, ${s.queueDepth} intent(s) queued, oldest ${s.oldestPendingAgeMs} ms, ${s.conflicts} conflict(s)`);
}

heading('1. The ledger, the members, the tills');
say(`ledger listening on ${ledgerUrl} (embedded PostgreSQL, in memory)`);
await admin('/v1/admin/members', { protocol: 'v1', members });
for (const m of members) say(`enrolled ${m.name} (${m.memberId}), card ${m.cardNumber}, phone ${m.phone}, ${m.openingPoints} points`);
const mumbai = await openTill('Mumbai', 'mum-till-1', 'mumbai-andheri');
const pune = await openTill('Pune', 'pune-till-1', 'pune-fc-road');
const jaipur = await openTill('Jaipur', 'jpr-till-1', 'jaipur-mi-road');
const tills = [mumbai, pune, jaipur];
say('registered 3 tills, each running the terminal SDK behind its own network switch');
for (const till of tills) {
  const at = performance.now();
  const found = [
    await till.terminal.lookupMember({ phone: '98765-43210' }),
    await till.terminal.lookupMember({ card: 'TP0002' }),
    await till.terminal.lookupMember({ memberId: 'meera' }),
  ];
  say(`${till.name}: looks up ${found.map((m) => `${m.name} ${m.balance.provisional}`).join(', ')} from the ${found[0]!.source} in ${ms(at)}`);
}

heading('2. A normal morning: bills at the counter, online');
const puneSees = (memberId: string, points: number) =>
  new Promise<void>((resolve) => {
    const off = pune.terminal.on('balance', (b) => b.memberId === memberId && b.confirmed === points && (off(), resolve()));
  });
const puneSeesBoth = Promise.all([puneSees('asha', 624), puneSees('ravi', 135)]);
await outcome(await bill(mumbai, 'asha', 'MUM-0001', 124_000)).promise;
const billAt = performance.now();
await outcome(await bill(mumbai, 'ravi', 'MUM-0002', 35_500)).promise;
await puneSeesBoth;
say(`Pune: its next pull shows asha at 624 and ravi at 135, ${ms(billAt)} after Mumbai's last bill`);

heading("3. Pune's internet goes down");
pune.net.set('offline');
await pune.terminal.sync().catch((e: unknown) => say(`Pune: a sync round fails: ${isTillpointsError(e) ? `${e.code}: ${e.message}` : e}`));
await bill(pune, 'ravi', 'PUN-0001', 45_000);
await queue(pune);
const at = performance.now();
const card = await pune.terminal.lookupMember({ card: 'TP0001' });
say(`Pune: card TP0001 -> ${card.name}, ${show(card.balance)}, from the ${card.source} in ${ms(at)}`);
await bill(pune, 'asha', 'PUN-0002', 86_000);
await queue(pune);
const puneRedemption = await redeem(pune, 'asha', 400);
await queue(pune);

heading('4. Meanwhile asha spends her points in Mumbai, which is online');
await outcome(await redeem(mumbai, 'asha', 600)).promise;
say(`ledger: asha has ${await ledgerPoints('asha')} points; Pune still shows ${show(await pune.terminal.getBalance('asha'))}: it cannot know yet`);

heading('5. Pune reconnects');
say("Pune: the line comes back; the till gets the 'online' hint and syncs at once");
pune.net.set('online');
const refused = await outcome(puneRedemption).promise;
say(`Pune: asha now shows ${show(await pune.terminal.getBalance('asha'))}, ravi ${show(await pune.terminal.getBalance('ravi'))}`);
await queue(pune);
for (const c of await pune.terminal.conflicts()) {
  say(`Pune: the cashier takes payment for the ${c.points} points instead (or voids the sale) and acknowledges the conflict`);
  await pune.terminal.acknowledgeConflict(c.intentId);
}
await queue(pune);

heading('6. Jaipur: the ledger applies a bill, but its answer is lost');
jaipur.net.set('lose-answers');
const lostAnswer = jaipur.net.nextLostAnswer('/v1/push');
const lostBill = await bill(jaipur, 'meera', 'JPR-0001', 215_000);
await lostAnswer;
jaipur.net.set('offline'); // the line died just after the request got out
say('Jaipur: the push reached the ledger and was applied; the line died before the answer came back');
await jaipur.terminal.sync().catch((e: unknown) => say(`Jaipur: a sync round fails: ${isTillpointsError(e) ? e.code : e}; the bill stays queued`));
const meeraAtLedger = await ledgerPoints('meera');
say(`ledger: meera has ${meeraAtLedger} points. Jaipur shows ${show(await jaipur.terminal.getBalance('meera'))}: the bill counted once`);
await queue(jaipur);
say('Jaipur: the line comes back; the till sends the same intent again');
jaipur.net.set('online');
await outcome(lostBill).promise;
const meeraAfter = await ledgerPoints('meera');
const once = meeraAfter === meeraAtLedger;
say(`ledger: meera has ${meeraAfter} points ${once ? '(unchanged: the retry got the stored outcome, nothing applied twice)' : '(APPLIED TWICE!)'}`);
say(`Jaipur: meera shows ${show(await jaipur.terminal.getBalance('meera'))}`);

heading('7. Every till next to the ledger');
for (const till of tills) await till.terminal.sync();
let agree = once && refused.status === 'rejected';
console.log(`\n  points at the ledger, and what each till shows (provisional)`);
console.log(`  ${'member'.padEnd(8)}${'ledger'.padStart(8)}${tills.map((t) => t.name.padStart(10)).join('')}`);
for (const { memberId } of members) {
  const points = await ledgerPoints(memberId);
  const cells = await Promise.all(tills.map((t) => t.terminal.getBalance(memberId)));
  const same = cells.every((b) => b.provisional === points && b.confirmed === points);
  agree &&= same;
  const row = cells.map((b) => String(b.provisional).padStart(10)).join('');
  console.log(`  ${memberId.padEnd(8)}${String(points).padStart(8)}${row}${same ? '' : '   <- DISAGREES'}`);
}
for (const till of tills) {
  const s = await till.terminal.status();
  agree &&= s.queueDepth === 0 && s.conflicts === 0;
}
console.log();
say(agree ? 'all tills match the ledger: nothing queued, no conflict left, every point confirmed' : 'A TILL DISAGREES WITH THE LEDGER');
type TrialBalance = { accounts: { account: string; balance: number }[]; total: number; mismatchedMembers: string[] };
const tb = await admin<TrialBalance>('/v1/admin/trial-balance');
say(`trial balance: ${tb.accounts.map((a) => `${a.account} ${a.balance}`).join(', ')}; total ${tb.total}`);
const balanced = tb.total === 0 && tb.mismatchedMembers.length === 0;
say(balanced ? 'the books balance: every point is accounted for' : 'THE BOOKS DO NOT BALANCE');

for (const till of tills) await till.terminal.close();
for (const till of tills) await till.net.close();
await ledger.close();
say('closed the tills, the switches and the ledger');
process.exitCode = agree && balanced ? 0 : 1;

/**
 * The tillpoints demo: the reference ledger on the embedded database (PGlite, in memory),
 * three tills in three stores of "Kirana & Kapda" (groceries and clothes, rules in
 * examples/demo-ruleset.ts) running the terminal SDK, each behind its own network switch
 * (examples/network-switch.ts), and a day of a store with flaky internet, as a timeline:
 *
 *   1. the ledger starts and publishes earning ruleset v1; members are enrolled and three
 *      tills registered and started; each pulls the ruleset;
 *   2. bills at the counter (`checkout`) answer at once with the points the rules give,
 *      the tier and every point explained; the ledger confirms the same points in
 *      milliseconds, and another store sees the new balance on its next pull;
 *   3. the brand lets Pune's store (flaky internet) redeem offline within allowances: before
 *      the line drops, the ledger holds 400 of asha's points for Pune's till; Pune's internet
 *      goes down: bills, and points spent on a bill within the allowance, still answer at once;
 *   4. meanwhile asha spends her points in Mumbai, which is online: every redemption there is
 *      a hold at the ledger first, and the 400 held for Pune cannot be spent twice;
 *   5. Pune reconnects: the ledger confirms its bills and captures its redemption from the
 *      allowance: no conflict, nothing to collect from the customer, the programme paid once;
 *   6. in Jaipur the ledger applies a bill but the answer is lost: the till sends it again,
 *      the ledger answers from its store, and nothing is applied twice;
 *   7. Diwali: the brand publishes ruleset v2 (double points) while Jaipur is offline; the
 *      other tills pick it up, Jaipur's bill earned by v1 is recomputed by the ledger (the
 *      grace period is 0 here) and the till shows the adjustment;
 *   8. every till's balances next to the ledger's, and the ledger's trial balance.
 *
 * It never sleeps: it waits on the SDK's events and on awaited sync() rounds. It exits
 * non-zero if a till disagrees with the ledger, the books do not balance, or it
 * is stuck for 20 s once the ledger is up.
 *
 * It also serves the web till (examples/web-till) as a fourth till, in Mumbai, and prints its
 * URL first: open it to play while the story runs. Run from a terminal, the demo keeps the
 * ledger and the page up after the story until Ctrl-C; with `--once`, or when not run from a
 * terminal (CI), it exits after the story.
 *
 *   npm run demo
 *   npm run demo -- --once
 */
import { isTillpointsError, type IntentRecord } from '../src/index.js';
import { createLedger } from '../src/ledger/index.js';
import { basket, festiveRuleset, rulesetV1 } from './demo-ruleset.js';
import { adminClient, checkout, heading, ms, openTill, outcome, queue, say, sees, show } from './demo-till.js';
import { demoCatalogue } from './web-till/demo-catalogue.js';
import { serveWebTill } from './web-till/serve.js';

// ── The ledger, its rules, its members and the tills ──
// rulesGraceMs 0: a bill earned by an old ruleset after a new one took effect is recomputed
// at once (in a real programme, 15 minutes, so tills have time to pull the new one).
// The web till's page is on its own origin: the ledger lets that origin call it (CORS).
const webTill = await serveWebTill();
const ledger = await createLedger({ database: { kind: 'pglite' }, rulesGraceMs: 0, corsOrigins: webTill.origins });
const ledgerUrl = await ledger.listen();
const stuck = setTimeout(() => (console.error('the demo is stuck: giving up after 20 s'), process.exit(1)), 20_000).unref();
const admin = adminClient(ledgerUrl, ledger.adminKey!); // a fresh database: the ledger made its first admin key
const ledgerPoints = async (memberId: string) =>
  (await admin<{ member: { balance: { points: number } } }>(`/v1/members/lookup?memberId=${memberId}`)).member.balance.points;
const errorCode = (e: unknown) => (isTillpointsError(e) ? `${e.code}: ${e.message}` : String(e));
type Published = { version: number; effectiveFrom: string };

const members = [
  { memberId: 'asha', name: 'Asha Patil', cardNumber: 'TP0001', phone: '+91 98765 43210', openingPoints: 500 },
  { memberId: 'ravi', name: 'Ravi Kumar', cardNumber: 'TP0002', phone: '09123456780', openingPoints: 100 },
  { memberId: 'meera', name: 'Meera Iyer', cardNumber: 'TP0003', phone: '98450-12345', openingPoints: 300 },
];

heading('1. The ledger, the earning rules, the members, the tills');
say(`ledger listening on ${ledgerUrl} (embedded PostgreSQL, in memory), rules grace period 0 ms`);
// The web till has a store of its own whose policy lets it redeem offline within limits, so a
// person trying it with the network off can spend points too (500 a redemption, 1,000 a member).
const web = { terminalId: 'web-till-1', storeId: 'mumbai-bandra' };
const { apiKey: webKey } = await admin<{ apiKey: string }>('/v1/admin/terminals', { protocol: 'v1', ...web });
await admin('/v1/admin/policy', { protocol: 'v1', storeId: web.storeId, policy: { offline: 'limit' } });
webTill.configure({ ledgerUrl, ...web, apiKey: webKey, ...demoCatalogue() });
say(`the web till (${web.terminalId}, Mumbai Bandra: redeems offline within limits) is at ${webTill.url}: open it in a browser; find asha by card TP0001`);
const v1 = await admin<Published>('/v1/admin/rulesets', { protocol: 'v1', ruleset: rulesetV1 });
say(`published ruleset v${v1.version} "${rulesetV1.name}", in force from ${v1.effectiveFrom}:`);
say('  1 pt per ₹100; fruits & vegetables 2, apparel 5, footwear 3, K&K basmati 4 per ₹100; no points on tobacco,');
say('  gift cards, infant formula; ₹100 minimum; 100 pts every 10th visit; Gold ×1.25 at 2,000 pts, Platinum ×1.5 at 10,000');
await admin('/v1/admin/members', { protocol: 'v1', members });
for (const m of members) say(`enrolled ${m.name} (${m.memberId}), card ${m.cardNumber}, phone ${m.phone}, ${m.openingPoints} points`);
const mumbai = await openTill(admin, ledgerUrl, 'Mumbai', 'mum-till-1', 'mumbai-andheri');
const pune = await openTill(admin, ledgerUrl, 'Pune', 'pune-till-1', 'pune-fc-road');
const jaipur = await openTill(admin, ledgerUrl, 'Jaipur', 'jpr-till-1', 'jaipur-mi-road');
const tills = [mumbai, pune, jaipur];
await Promise.all(tills.map((t) => t.rulesetAtLeast(1)));
say('registered 3 tills, each running the terminal SDK behind its own network switch, each holding ruleset v1');
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
const monthly = basket(
  ['KK-BASMATI-5KG', 1], ['ATTA-10KG', 1], ['TOOR-DAL-1KG', 2], ['SUNFLOWER-OIL-1L', 2],
  ['GHEE-1L', 1], ['ONION-1KG', 2], ['ALPHONSO-DOZEN', 1], ['INFANT-FORMULA-400G', 1],
);
const mum1 = await checkout(mumbai, 'asha', 'MUM-0001', monthly);
await outcome(mum1.accrual.intentId);
const billAt = performance.now();
const mum2 = await checkout(mumbai, 'ravi', 'MUM-0002', basket(['DETERGENT-2KG', 1], ['BANANA-DOZEN', 1], ['CIGARETTES-10', 1]));
await outcome(mum2.accrual.intentId);
const [asha2, ravi2] = [mum1.balance.provisional, mum2.balance.provisional];
await Promise.all([sees(pune, 'asha', asha2), sees(pune, 'ravi', ravi2)]);
say(`Pune: its next pull shows asha at ${asha2} and ravi at ${ravi2}, ${ms(billAt)} after Mumbai's last bill`);

heading("3. Pune may redeem offline within allowances; its internet goes down");
await admin('/v1/admin/policy', { protocol: 'v1', storeId: 'pune-fc-road', policy: { offline: 'allowance', allowancePoints: 400 } });
say('ledger: the brand lets Pune (flaky internet) redeem offline within allowances of up to 400 points a member;');
say('  the other stores keep the default: no redemption offline (online, every redemption is a hold at the ledger first)');
await pune.terminal.sync(); // Pune learns its store's policy
const [allowance] = await pune.terminal.prefetchAllowances({ memberIds: ['asha'] });
say(`ledger: asha has ${await ledgerPoints('asha')} points, ${allowance!.remaining} of them now held for Pune's till until ${allowance!.expiresAt}`);
pune.net.set('offline');
await pune.terminal.sync().catch((e: unknown) => say(`Pune: a sync round fails: ${errorCode(e)}`));
await checkout(pune, 'ravi', 'PUN-0001', basket(['ATTA-10KG', 1], ['TOOR-DAL-1KG', 1], ['ONION-1KG', 2], ['GIFT-CARD-1000', 1]));
await queue(pune);
const at = performance.now();
const card = await pune.terminal.lookupMember({ card: 'TP0001' });
say(`Pune: card TP0001 -> ${card.name}, ${show(card.balance)}, from the cache in ${ms(at)}`);
const pun2 = await checkout(pune, 'asha', 'PUN-0002', basket(['KURTA-COTTON', 1], ['BANANA-DOZEN', 1]), allowance!.remaining);
await queue(pune);

say(`Pune: the redemption rests on ${pun2.redemption!.basis === 'allowance' ? "the till's allowance: points the ledger already holds for it" : `basis ${pun2.redemption!.basis}`}`);

heading('4. Meanwhile asha spends her points in Mumbai, which is online');
await mumbai.terminal.sync();
const spendable = (await mumbai.terminal.getBalance('asha')).provisional;
say(`Mumbai: asha can spend ${spendable} points here: the ${allowance!.remaining} held for Pune are not hers to spend twice`);
const mum3 = await checkout(mumbai, 'asha', 'MUM-0003', basket(['GHEE-1L', 1], ['KAJU-500G', 1]), spendable);
await Promise.all([outcome(mum3.redemption!.intentId), outcome(mum3.accrual.intentId)]);
const twice = await mumbai.terminal.redeem({ memberId: 'asha', points: allowance!.remaining }).then(() => 'ACCEPTED', errorCode);
say(`Mumbai: asha asks to spend ${allowance!.remaining} more: ${twice}`);
say(`ledger: asha has ${await ledgerPoints('asha')} points; Pune still shows ${show(await pune.terminal.getBalance('asha'))}: it cannot know yet`);

heading('5. Pune reconnects');
say("Pune: the line comes back; the till gets the 'online' hint and syncs at once");
pune.net.set('online');
const captured = await outcome(pun2.redemption!.intentId);
await outcome(pun2.accrual.intentId);
say(`Pune: asha now shows ${show(await pune.terminal.getBalance('asha'))}, ravi ${show(await pune.terminal.getBalance('ravi'))}`);
await queue(pune);
const conflictsAtPune = await pune.terminal.conflicts();
say(conflictsAtPune.length === 0
  ? 'Pune: no conflict: the ledger captured the redemption from the allowance; nothing to collect from the customer, the programme paid once'
  : `Pune: ${conflictsAtPune.length} CONFLICT(S)`);

heading('6. Jaipur: the ledger applies a bill, but its answer is lost');
jaipur.net.set('lose-answers');
const lostAnswer = jaipur.net.nextLostAnswer('/v1/push');
const jpr1 = await checkout(jaipur, 'meera', 'JPR-0001', basket(['LEHENGA-BRIDAL', 1], ['JUTTI-PAIR', 1]));
await lostAnswer;
jaipur.net.set('offline'); // the line died just after the request got out
say('Jaipur: the push reached the ledger and was applied; the line died before the answer came back');
await jaipur.terminal.sync().catch((e: unknown) => say(`Jaipur: a sync round fails: ${errorCode(e)}; the bill stays queued`));
const meeraAtLedger = await ledgerPoints('meera');
say(`ledger: meera has ${meeraAtLedger} points. Jaipur shows ${show(await jaipur.terminal.getBalance('meera'))}: the bill counted once`);
await queue(jaipur);
say('Jaipur: the line comes back; the till sends the same intent again');
jaipur.net.set('online');
await outcome(jpr1.accrual.intentId);
const meeraAfter = await ledgerPoints('meera');
const once = meeraAfter === meeraAtLedger;
say(`ledger: meera has ${meeraAfter} points ${once ? '(unchanged: the retry got the stored outcome, nothing applied twice)' : '(APPLIED TWICE!)'}`);
say(`Jaipur: meera shows ${show(await jaipur.terminal.getBalance('meera'))}`);

heading('7. Diwali: the brand publishes ruleset v2 while Jaipur is offline');
jaipur.net.set('offline');
await jaipur.terminal.sync().catch((e: unknown) => say(`Jaipur: the line is down again; a sync round fails: ${errorCode(e)}`));
const v2Rules = festiveRuleset(new Date());
const diwali = v2Rules.promotions[0]!;
const v2 = await admin<Published>('/v1/admin/rulesets', { protocol: 'v1', ruleset: v2Rules });
say(`ledger: the brand publishes ruleset v${v2.version} "${v2Rules.name}", in force from ${v2.effectiveFrom}:`);
say(`  v1 plus ${diwali.name}: ×2 on every line that earns, at most ${diwali.capPerBill.toLocaleString('en-IN')} extra points a bill,`);
say(`  from ${diwali.window.from} to ${diwali.window.to}`);
await Promise.all([mumbai.rulesetAtLeast(2), pune.rulesetAtLeast(2)]);
say(`rulesets at the tills: ${tills.map((t) => `${t.name} v${t.terminal.rulesetVersion}`).join(', ')}: Jaipur cannot know yet`);
const mum4 = await checkout(mumbai, 'ravi', 'MUM-0004', basket(['SOAN-PAPDI-500G', 2], ['KAJU-500G', 1], ['DIYA-SET-12', 1]));
await outcome(mum4.accrual.intentId);
const jpr2 = await checkout(jaipur, 'meera', 'JPR-0002', basket(['KK-BASMATI-5KG', 1], ['GHEE-1L', 1], ['ALPHONSO-DOZEN', 1], ['KAJU-500G', 1]));
await queue(jaipur);
say('Jaipur: the line comes back; the till sends the bill it earned by v1, after v2 took effect');
jaipur.net.set('online');
await outcome(jpr2.accrual.intentId);
await jaipur.rulesetAtLeast(2);
say(`Jaipur: meera shows ${show(await jaipur.terminal.getBalance('meera'))}; the ledger has ${await ledgerPoints('meera')}`);
const adjustments = tills.flatMap((t) => t.adjustments);
const [a] = adjustments;
const adjusted = adjustments.length === 1 && a?.intentId === jpr2.accrual.intentId && a.tillPoints === jpr2.accrual.points &&
  a.ledgerPoints > a.tillPoints && a.tillRulesetVersion === 1 && a.rulesetVersion === 2;
say(adjusted ? 'one adjustment, on the one bill earned by an outdated ruleset' : `UNEXPECTED ADJUSTMENTS: ${JSON.stringify(adjustments)}`);

heading('8. Every till next to the ledger');
for (const till of tills) await till.terminal.sync();
let agree = once && captured.status === 'confirmed' && conflictsAtPune.length === 0 && twice.startsWith('insufficient_points') && adjusted && tills.every((t) => t.terminal.rulesetVersion === 2);
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
// What the ledger said of each bill: the till's points honoured, or recomputed.
const bills = (await Promise.all(tills.flatMap((t) => members.map((m) => t.terminal.history(m.memberId))))).flat();
const reviews = bills.flatMap((i: IntentRecord) =>
  i.kind === 'accrue' && i.outcome?.outcome === 'applied' && i.outcome.earn ? [i.outcome.earn] : [],
);
const honoured = reviews.filter((r) => r.outcome === 'honoured');
const drifted = honoured.filter((r) => r.ledgerPoints !== r.tillPoints);
say(`${reviews.length} bills: the ledger honoured ${honoured.length} as the till printed them, recomputed ${reviews.length - honoured.length}`);
for (const r of drifted) say(`  honoured, though the ledger's own count was ${r.ledgerPoints}, not ${r.tillPoints}: ${r.reason}`);
say(agree ? 'all tills match the ledger: nothing queued, no conflict left, every point confirmed, all on ruleset v2'
  : 'A TILL DISAGREES WITH THE LEDGER');
type TrialBalance = { accounts: { account: string; balance: number }[]; total: number; mismatchedMembers: string[] };
const tb = await admin<TrialBalance>('/v1/admin/trial-balance');
say(`trial balance: ${tb.accounts.map((a) => `${a.account} ${a.balance}`).join(', ')}; total ${tb.total}`);
const balanced = tb.total === 0 && tb.mismatchedMembers.length === 0;
say(balanced ? 'the books balance: every point is accounted for' : 'THE BOOKS DO NOT BALANCE');
type Activity = { redeemed: Record<string, number>; exposure: number; shortfall: { memberDebt: number; storeRisk: number }; openHeld: number };
const redemptions = await admin<{ stores: (Activity & { storeId: string })[] }>('/v1/admin/redemptions');
for (const s of redemptions.stores) {
  const spent = Object.entries(s.redeemed).filter(([, p]) => p > 0).map(([basis, p]) => `${p} on ${basis}`).join(', ') || 'nothing';
  say(`redemptions at ${s.storeId}: ${spent}; exposure ${s.exposure}, shortfall ${s.shortfall.memberDebt + s.shortfall.storeRisk}, held now ${s.openHeld}`);
}

for (const till of tills) await till.terminal.close();
for (const till of tills) await till.net.close();
process.exitCode = agree && balanced ? 0 : 1;
clearTimeout(stuck);
if (process.stdin.isTTY && process.stdout.isTTY && !process.argv.includes('--once')) {
  say(`the story is over; the ledger and the web till stay up: ${webTill.url} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
}
await webTill.close();
await ledger.close();
say('closed the tills, the switches, the web till and the ledger');

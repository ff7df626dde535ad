/**
 * The double-spend scene under each offline policy, side by side: asha has 1,000 points; the
 * tills of two stores (Pune and Mumbai) both see them, both lose their internet, and both
 * let her spend 800; then both reconnect. For `deny`, `allowance` (up to 800 a till: Pune,
 * looking her up first, gets 800, Mumbai the 200 left) and `limit` (a member's cap that stops
 * the second redemption, and one that lets it through with each shortfall rule), it prints what the tills accepted, what the ledger applied,
 * refused and charged, and what its redemption report says. Exits non-zero if a policy breaks
 * its promise (a member below zero under `allowance`, a loss above the limits under `limit`,
 * books that do not balance).
 *
 *   npx tsx examples/double-spend.ts
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTerminal, isTillpointsError, type Terminal } from '../src/index.js';
import { createLedger } from '../src/ledger/index.js';
import type { RedemptionPolicyV1 } from '../src/protocol/index.js';
import { startNetworkSwitch } from './network-switch.js';

const POLICIES: { name: string; policy: RedemptionPolicyV1 }[] = [
  { name: 'deny', policy: { offline: 'deny' } },
  { name: 'allowance (800 a till)', policy: { offline: 'allowance', allowancePoints: 800 } },
  { name: 'limit (1,000 a member a day)', policy: { offline: 'limit', limitPerRedemption: 800, limitPerMember: 1000 } },
  { name: 'limit (2,000), member_debt', policy: { offline: 'limit', limitPerRedemption: 800, limitPerMember: 2000, shortfall: 'member_debt' } },
  { name: 'limit (2,000), store_risk', policy: { offline: 'limit', limitPerRedemption: 800, limitPerMember: 2000, shortfall: 'store_risk' } },
];
const WANTED = 800;

type Activity = { storeId: string; redeemed: Record<string, number>; exposure: number; shortfall: { memberDebt: number; storeRisk: number } };

async function scene({ name, policy }: (typeof POLICIES)[number]): Promise<{ row: string[]; kept: boolean }> {
  const ledger = await createLedger({ redemptionPolicy: policy, holdSweepMs: 0, onError: () => {} });
  const url = await ledger.listen();
  const admin = async (path: string, body?: unknown) => {
    const res = await fetch(url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${ledger.adminKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as any;
  };
  await admin('/v1/admin/members', { protocol: 'v1', members: [{ memberId: 'asha', openingPoints: 1000 }] });
  const tills: { store: string; terminal: Terminal; net: Awaited<ReturnType<typeof startNetworkSwitch>> }[] = [];
  for (const [terminalId, storeId] of [['pune-1', 'pune'], ['mum-1', 'mumbai']] as const) {
    const { apiKey } = await admin('/v1/admin/terminals', { protocol: 'v1', terminalId, storeId });
    const net = await startNetworkSwitch(url);
    const terminal = createTerminal({ ledgerUrl: net.url, terminalId, storeId, apiKey, indexedDB: new IDBFactory(), IDBKeyRange, autoSync: false, holdDeadlineMs: 500 });
    await terminal.start();
    await terminal.sync(); // the store's policy
    await terminal.lookupMember({ memberId: 'asha' }); // and, under `allowance`, an allowance
    tills.push({ store: storeId, terminal, net });
  }
  const accepted: string[] = [];
  for (const t of tills) {
    t.net.set('offline');
    const answer = await t.terminal.redeem({ memberId: 'asha', points: WANTED }).then(
      (r) => `${r.basis}`,
      (e: unknown) => (isTillpointsError(e) ? e.code : String(e)),
    );
    accepted.push(`${t.store}: ${answer}`);
  }
  for (const t of tills) {
    t.net.set('online');
    await t.terminal.sync();
  }
  const conflicts = (await Promise.all(tills.map((t) => t.terminal.conflicts()))).flat().map((c) => c.reason);
  const member = (await admin('/v1/members/lookup?memberId=asha')).member.balance;
  const report: { stores: Activity[] } = await admin('/v1/admin/redemptions');
  const applied = report.stores.reduce((sum, s) => sum + Object.values(s.redeemed).reduce((a, b) => a + b, 0), 0);
  const debt = report.stores.reduce((sum, s) => sum + s.shortfall.memberDebt, 0);
  const risk = report.stores.reduce((sum, s) => sum + s.shortfall.storeRisk, 0);
  const exposure = report.stores.reduce((sum, s) => sum + s.exposure, 0);
  const books = await admin('/v1/admin/trial-balance');
  for (const t of tills) await t.terminal.close();
  for (const t of tills) await t.net.close();
  await ledger.close();
  const limitOk = policy.offline !== 'limit' || debt + risk <= exposure;
  const kept = books.total === 0 && books.mismatchedMembers.length === 0 && (policy.offline === 'limit' ? limitOk : member.points >= 0 && debt + risk === 0);
  return {
    row: [name, accepted.join(', '), String(applied), conflicts.length ? conflicts.join(', ') : 'none', `${member.points}`, `debt ${debt}, store ${risk}`, `${exposure}`],
    kept,
  };
}

const header = ['policy', 'at the tills, offline (800 each)', 'applied', 'refused at the ledger', 'asha after', 'shortfall charged', 'exposure reported'];
const rows: string[][] = [];
let allKept = true;
for (const p of POLICIES) {
  const { row, kept } = await scene(p);
  rows.push(row);
  allKept &&= kept;
}
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
console.log(allKept ? '\nevery policy kept its promise; the books balance' : '\nA POLICY BROKE ITS PROMISE');
process.exitCode = allKept ? 0 : 1;

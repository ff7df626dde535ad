import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { line } from '../rules/support/bills.js';
import { groceryRuleset } from '../rules/support/grocery-ruleset.js';
import { TerminalConnection } from '../../src/store/terminal-database.js';
import { bill, nextEvent } from '../support/terminal-fixture.js';
import { startShopFloor, type ShopFloor } from '../support/shop-floor.js';

/**
 * The README's conflict table, row by row: each conflict played through the SDK's public API
 * against the real ledger, asserting who wins, what the ledger records and what the till shows.
 */
describe('the conflict table', () => {
  let f: ShopFloor;
  afterEach(() => f?.close());

  it('two tills spend the same points online: the first hold wins, the second till is refused before the bill is paid', async () => {
    f = await startShopFloor([{ memberId: 'asha', openingPoints: 1000 }]);
    await f.setPolicy({ offline: 'deny' }); // no allowances: this row is about holds
    const pune = await f.till('pune-1', 'pune');
    const mumbai = await f.till('mum-1', 'mumbai');
    for (const t of [pune, mumbai]) await t.terminal.lookupMember({ memberId: 'asha' });
    const held = await pune.terminal.holdPoints({ memberId: 'asha', points: 800, billId: 'P1' });
    await expect(mumbai.terminal.redeem({ memberId: 'asha', points: 800 })).rejects.toMatchObject({ code: 'insufficient_points' });
    expect(held.points).toBe(800);
    expect(await f.balance('asha')).toMatchObject({ held: 800, available: 200 });
    expect((await mumbai.terminal.status()).queueDepth).toBe(0);
  });

  it('two tills spend the same points offline under `allowance`: each only within its own allowance, the member never below zero', async () => {
    f = await startShopFloor([{ memberId: 'asha', openingPoints: 1000 }]);
    await f.setPolicy({ offline: 'allowance', allowancePoints: 500 });
    const pune = await f.till('pune-1', 'pune');
    const mumbai = await f.till('mum-1', 'mumbai');
    for (const t of [pune, mumbai]) {
      await t.terminal.sync(); // the policy
      await t.terminal.lookupMember({ memberId: 'asha' }); // an allowance of 500 each
      t.offline();
    }
    expect(await f.balance('asha')).toMatchObject({ points: 1000, held: 1000, available: 0 });
    expect((await pune.terminal.redeem({ memberId: 'asha', points: 500 })).basis).toBe('allowance');
    // Mumbai sees only what its own allowance holds for it: 500.
    await expect(mumbai.terminal.redeem({ memberId: 'asha', points: 800 })).rejects.toMatchObject({ code: 'insufficient_points' });
    expect((await mumbai.terminal.redeem({ memberId: 'asha', points: 300 })).basis).toBe('allowance');
    for (const t of [pune, mumbai]) {
      t.online();
      await t.terminal.sync();
    }
    expect(await f.balance('asha')).toMatchObject({ points: 200 });
    expect(await pune.terminal.conflicts()).toEqual([]);
    expect(await mumbai.terminal.conflicts()).toEqual([]);
    const report = await f.admin('/v1/admin/redemptions');
    expect(report.stores.find((s: any) => s.storeId === 'pune').redeemed.allowance).toBe(500);
    expect(report.stores.find((s: any) => s.storeId === 'mumbai').redeemed.allowance).toBe(300);
    expect((await f.admin('/v1/admin/trial-balance')).total).toBe(0);
  });

  it('two tills spend the same points offline under `limit`: both stand, and the shortfall is charged to the store and reported', async () => {
    f = await startShopFloor([{ memberId: 'asha', openingPoints: 600 }]);
    await f.setPolicy({ offline: 'limit', limitPerRedemption: 500, shortfall: 'store_risk' });
    const pune = await f.till('pune-1', 'pune');
    const mumbai = await f.till('mum-1', 'mumbai');
    for (const t of [pune, mumbai]) {
      await t.terminal.sync();
      await t.terminal.lookupMember({ memberId: 'asha' });
      t.offline();
    }
    expect((await pune.terminal.redeem({ memberId: 'asha', points: 500 })).basis).toBe('limit');
    expect((await mumbai.terminal.redeem({ memberId: 'asha', points: 500 })).basis).toBe('limit');
    for (const t of [pune, mumbai]) {
      t.online();
      await t.terminal.sync();
    }
    // Pune arrived first and was paid by the member; Mumbai's 400 short went to its store's risk account.
    expect(await f.balance('asha')).toMatchObject({ points: 0 });
    const report = await f.admin('/v1/admin/redemptions');
    expect(report.stores.find((s: any) => s.storeId === 'mumbai')).toMatchObject({ exposure: 500, shortfall: { storeRisk: 400, memberDebt: 0 } });
    const tb = await f.admin('/v1/admin/trial-balance');
    expect(tb.accounts).toContainEqual({ account: 'risk:mumbai', balance: -400 });
    expect(tb.total).toBe(0);
    expect(await mumbai.terminal.conflicts()).toEqual([]);
  });

  it('offline under `deny`: the till refuses at once, and nothing is queued', async () => {
    f = await startShopFloor([{ memberId: 'asha', openingPoints: 600 }]);
    await f.setPolicy({ offline: 'deny' });
    const pune = await f.till('pune-1', 'pune');
    await pune.terminal.sync();
    await pune.terminal.lookupMember({ memberId: 'asha' });
    pune.offline();
    await expect(pune.terminal.redeem({ memberId: 'asha', points: 100 })).rejects.toMatchObject({ code: 'offline_redemption_denied' });
    expect((await pune.terminal.status()).queueDepth).toBe(0);
  });

  it('a till spends points the app already spent: the allowance kept them, so the app is refused what the till holds', async () => {
    f = await startShopFloor([{ memberId: 'asha', openingPoints: 1000 }]);
    await f.setPolicy({ offline: 'allowance', allowancePoints: 400 });
    const pune = await f.till('pune-1', 'pune');
    await pune.terminal.sync();
    await pune.terminal.lookupMember({ memberId: 'asha' });
    pune.offline();
    await pune.terminal.redeem({ memberId: 'asha', points: 400 });
    // Meanwhile the brand's app spends what it can see: 600, not the 400 Pune holds.
    expect(await f.appSpends('asha', 1000)).toBe('insufficient_points');
    expect(await f.appSpends('asha', 600)).toBe('applied');
    pune.online();
    await pune.terminal.sync();
    expect(await f.balance('asha')).toMatchObject({ points: 0, held: 0 });
    expect(await pune.terminal.conflicts()).toEqual([]);
  });

  it('a till spends points the app already spent, online: the till is refused before the bill is paid', async () => {
    f = await startShopFloor([{ memberId: 'asha', openingPoints: 1000 }]);
    await f.setPolicy({ offline: 'deny' });
    const pune = await f.till('pune-1', 'pune');
    await pune.terminal.lookupMember({ memberId: 'asha' });
    expect(await f.appSpends('asha', 900)).toBe('applied');
    // The till's cache still shows 1000; the ledger refuses the hold, and the till learns the real balance.
    const refreshed = nextEvent(pune.terminal, 'balance', (b) => b.memberId === 'asha' && b.confirmed === 100);
    await expect(pune.terminal.redeem({ memberId: 'asha', points: 500 })).rejects.toMatchObject({ code: 'insufficient_points' });
    await refreshed;
    expect((await pune.terminal.status()).queueDepth).toBe(0);
  });

  it('a return of a bill whose points were redeemed: the return stands, and the member owes the points (a visible negative balance)', async () => {
    f = await startShopFloor([{ memberId: 'asha', openingPoints: 0 }]);
    const pune = await f.till('pune-1', 'pune');
    await pune.terminal.lookupMember({ memberId: 'asha' });
    const earned = await pune.terminal.accrue({ memberId: 'asha', points: 300, bill: bill('P1', 30_000) });
    await pune.terminal.sync();
    await pune.terminal.redeem({ memberId: 'asha', points: 300 });
    await pune.terminal.sync();
    await pune.terminal.reverse({ originalIntentId: earned.intentId });
    expect((await pune.terminal.getBalance('asha')).provisional).toBe(-300);
    await pune.terminal.sync();
    expect(await f.balance('asha')).toMatchObject({ points: -300 });
    expect(await pune.terminal.conflicts()).toEqual([]);
  });

  it('a redemption arriving after its allowance expired: applied while the member still has the points, else refused hold_expired with an action for the cashier', async () => {
    f = await startShopFloor([{ memberId: 'asha', openingPoints: 1000 }, { memberId: 'ravi', openingPoints: 1000 }]);
    await f.setPolicy({ offline: 'allowance', allowancePoints: 500, allowanceMinutes: 60 });
    const pune = await f.till('pune-1', 'pune');
    await pune.terminal.sync();
    await pune.terminal.lookupMember({ memberId: 'asha' });
    await pune.terminal.lookupMember({ memberId: 'ravi' });
    pune.offline();
    await pune.terminal.redeem({ memberId: 'asha', points: 500 });
    await pune.terminal.redeem({ memberId: 'ravi', points: 500 });
    // The till stays offline past the allowance's life; the ledger releases both allowances,
    // and ravi spends everything in the app meanwhile.
    f.advance(61, { tillsToo: false });
    expect(await f.appSpends('ravi', 1000)).toBe('applied');
    pune.online();
    await pune.terminal.sync();
    expect(await f.balance('asha')).toMatchObject({ points: 500, held: 0 });
    expect(await f.balance('ravi')).toMatchObject({ points: 0, held: 0 });
    const [conflict] = await pune.terminal.conflicts();
    expect(conflict).toMatchObject({ memberId: 'ravi', reason: 'hold_expired', action: expect.stringContaining('collect') });
  });

  it('a hold captured after it expired, once the points are gone: refused hold_expired (applied when they are still there: test/ledger/hold-capture.test.ts)', async () => {
    f = await startShopFloor([{ memberId: 'asha', openingPoints: 1000 }]);
    await f.admin('/v1/admin/rulesets', { protocol: 'v1', ruleset: { ...groceryRuleset, version: 1, promotions: [] }, effectiveFrom: '2020-01-01T00:00:00.000Z' });
    const pune = await f.till('pune-1', 'pune');
    await pune.terminal.sync();
    await pune.terminal.lookupMember({ memberId: 'asha' });
    const held = await pune.terminal.holdPoints({ memberId: 'asha', points: 600, billId: 'P1' });
    pune.offline();
    const receipt = await pune.terminal.checkout({ memberId: 'asha', bill: { billId: 'P1', lines: [line('L1', 'RICE-5KG', 'staples', 100)] }, holdId: held.holdId, redeemPoints: 600 });
    expect(receipt.redemption).toMatchObject({ basis: 'hold', points: 600 });
    f.advance(16, { tillsToo: false }); // the hold's 15 minutes pass at the ledger
    expect(await f.appSpends('asha', 700)).toBe('applied');
    pune.online();
    await pune.terminal.sync();
    expect(await f.balance('asha')).toMatchObject({ points: 300 + receipt.accrual.points, held: 0 });
    expect(await pune.terminal.conflicts()).toEqual([expect.objectContaining({ reason: 'hold_expired' })]);
  });

  it("a till whose local database was wiped: it starts again as a new incarnation, and the ledger's gap report shows what was lost", async () => {
    f = await startShopFloor([{ memberId: 'asha', openingPoints: 0 }]);
    const first = await f.till('pune-1', 'pune');
    await first.terminal.lookupMember({ memberId: 'asha' });
    await first.terminal.accrue({ memberId: 'asha', points: 10, bill: bill('P1', 1000) });
    await first.terminal.sync();
    first.offline();
    await first.terminal.accrue({ memberId: 'asha', points: 20, bill: bill('P2', 2000) }); // never sent
    await first.terminal.close();
    // The browser evicted the till's storage: the same till starts on an empty database.
    const again = await f.till('pune-1', 'pune', { factory: new IDBFactory() });
    await again.terminal.lookupMember({ memberId: 'asha' });
    await again.terminal.accrue({ memberId: 'asha', points: 30, bill: bill('P3', 3000) });
    await again.terminal.sync();
    expect(await f.balance('asha')).toMatchObject({ points: 40 });
    const gaps = await f.admin('/v1/admin/gaps');
    expect(gaps.gaps).toContainEqual(expect.objectContaining({ terminalId: 'pune-1', kind: 'storage_reset', fromSeq: 2, toSeq: null }));
  });

  it('two tills enrol the same phone offline: one member, both bills on them, and the second till is told who survived', async () => {
    f = await startShopFloor([]);
    const pune = await f.till('pune-1', 'pune');
    const mumbai = await f.till('mum-1', 'mumbai');
    for (const t of [pune, mumbai]) t.offline();
    const a = await pune.terminal.enrol({ phone: '98765 43210', name: 'Asha', consents: [] });
    const b = await mumbai.terminal.enrol({ phone: '+91 98765-43210', consents: [] });
    expect(a.enrolled && b.enrolled).toBe(true);
    await pune.terminal.accrue({ memberId: a.memberId, points: 10, bill: bill('P1', 1000) });
    await mumbai.terminal.accrue({ memberId: b.memberId, points: 20, bill: bill('M1', 2000) });
    for (const t of [pune, mumbai]) t.online();
    await pune.terminal.sync();
    const merged = new Promise((resolve) => mumbai.terminal.on('member_merged', resolve));
    await mumbai.terminal.sync();
    expect(await merged).toEqual({ from: b.memberId, into: a.memberId });
    expect(await f.balance(a.memberId)).toMatchObject({ points: 30 });
    expect((await mumbai.terminal.getBalance(b.memberId)).memberId).toBe(a.memberId);
  });

  it('an intent id reused with different content: the first content stands, the second is refused intent_conflict', async () => {
    f = await startShopFloor([{ memberId: 'asha', openingPoints: 0 }]);
    const factory = new IDBFactory();
    const pune = await f.till('pune-1', 'pune', { factory });
    await pune.terminal.sync(); // registers the till, so the fault below hits the push
    await pune.terminal.lookupMember({ memberId: 'asha' });
    const earned = await pune.terminal.accrue({ memberId: 'asha', points: 10, bill: bill('P1', 1000) });
    pune.proxy.mode = { kind: 'drop-response' }; // applied at the ledger, the answer lost
    await pune.terminal.sync().catch(() => undefined);
    // A faulty till changes the stored intent before sending it again.
    const db = new TerminalConnection(`tillpoints-pune-pune-1`, { indexedDB: factory, IDBKeyRange });
    await db.intents.where('intentId').equals(earned.intentId).modify({ points: 99 });
    db.close();
    pune.online();
    await pune.terminal.sync();
    expect(await f.balance('asha')).toMatchObject({ points: 10 });
    expect(await pune.terminal.conflicts()).toEqual([expect.objectContaining({ intentId: earned.intentId, reason: 'intent_conflict' })]);
  });
});

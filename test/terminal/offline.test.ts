import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTillpointsError } from '../../src/index.js';
import { bill, nextEvent, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

describe('a till offline and back', () => {
  let w: TillWorld;
  beforeEach(async () => {
    w = await startTillWorld([
      { memberId: 'asha', openingPoints: 500, phone: '9876543210', cardNumber: 'CARD0001' },
      { memberId: 'ravi', openingPoints: 100 },
    ]);
  });
  afterEach(() => w.close());

  it('shows provisional balances at once offline, and confirms them after reconnect', async () => {
    const t = w.terminal();
    await t.start();
    // The till learns the store's policy (by default: allowances), and the lookup gets one for the member.
    await t.sync();
    await t.lookupMember({ phone: '+91 98765-43210' });
    w.proxy.mode = { kind: 'offline' };

    const earned = await t.accrue({ memberId: 'asha', points: 124, bill: bill('B1', 124_000) });
    expect(earned.status).toBe('pending');
    expect(earned.balance).toMatchObject({ confirmed: 500, provisional: 624, pendingAccrual: 124, pendingRedemption: 0 });
    const spent = await t.redeem({ memberId: 'asha', points: 200 });
    expect(spent.balance).toMatchObject({ confirmed: 500, provisional: 424, pendingRedemption: 200 });
    expect(await t.getBalance('asha')).toEqual(spent.balance);

    await expect(t.sync()).rejects.toMatchObject({ code: 'network' });
    let status = await t.status();
    expect(status).toMatchObject({ online: false, queueDepth: 2 });
    expect(status.lastError?.code).toBe('network');
    expect(await w.ledgerPoints('asha')).toBe(500);

    w.proxy.mode = { kind: 'pass' };
    const confirmed: string[] = [];
    t.on('intent', (e) => e.status === 'confirmed' && confirmed.push(e.intentId));
    const report = await t.sync();
    expect(report).toMatchObject({ leader: true, pushed: 2, confirmed: 2, rejected: 0, requests: 1 });
    expect(confirmed).toEqual([earned.intentId, spent.intentId]);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 424, provisional: 424, pendingAccrual: 0, pendingRedemption: 0, stale: false });
    expect(await w.ledgerPoints('asha')).toBe(424);
    status = await t.status();
    expect(status).toMatchObject({ online: true, queueDepth: 0, oldestPendingAgeMs: 0, lastError: null });
  });

  it('answers from the cache when the ledger hangs, and never waits on it for a balance', async () => {
    const t = w.terminal({ requestTimeoutMs: 300 });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    w.proxy.mode = { kind: 'hang' };
    const found = await t.lookupMember({ card: 'CARD0001' });
    expect(found).toMatchObject({ memberId: 'asha', source: 'cache', balance: { provisional: 500 } });
    const receipt = await t.accrue({ memberId: 'asha', points: 10, bill: bill('B2', 10_000) });
    expect(receipt.balance.provisional).toBe(510);
    await expect(t.sync()).rejects.toSatisfy((e) => isTillpointsError(e, 'network') && e.details?.timedOut === true);
  });

  it('refuses an offline accrual for a member it has never seen (member_not_found), and accrues once the ledger can say who they are', async () => {
    const t = w.terminal();
    await t.start();
    w.proxy.mode = { kind: 'offline' };
    await expect(t.lookupMember({ memberId: 'ravi' })).rejects.toMatchObject({ code: 'network' });
    // Points taken for an id no one can vouch for would be refused later and lost to the customer.
    await expect(t.accrue({ memberId: 'ravi', points: 30, bill: bill('B3', 30_000) })).rejects.toMatchObject({ code: 'member_not_found' });
    expect((await t.status()).queueDepth).toBe(0);
    w.proxy.mode = { kind: 'pass' };
    const receipt = await t.accrue({ memberId: 'ravi', points: 30, bill: bill('B3', 30_000) });
    expect(receipt.balance).toMatchObject({ confirmed: 100, provisional: 130 });
    await expect(t.redeem({ memberId: 'ravi', points: 131 })).rejects.toMatchObject({ code: 'insufficient_points' });
    await t.sync();
    expect(await t.getBalance('ravi')).toMatchObject({ confirmed: 130, provisional: 130, stale: false });
  });

  it('syncs on its own once started, and the balance event tells the UI', async () => {
    const t = w.terminal({ autoSync: true });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const confirmed = nextEvent(t, 'balance', (b) => b.memberId === 'asha' && b.confirmed === 550);
    await t.accrue({ memberId: 'asha', points: 50, bill: bill('B4', 50_000) });
    expect(await confirmed).toMatchObject({ provisional: 550, pendingAccrual: 0 });
  });

  it('shows points earned in another channel after a pull', async () => {
    const t = w.terminal();
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    await t.sync();
    const adjust = await w.ledger.post(
      '/v1/admin/adjustments',
      { protocol: 'v1', adjustments: [{ intentId: '01JD0000000000000000000001', memberId: 'asha', points: 75, reason: 'app purchase', approvedBy: 'ecommerce' }] },
      w.ledger.adminKey,
    );
    expect(adjust.body.results[0].outcome).toBe('applied');
    const report = await t.sync();
    expect(report.pulled).toBe(1);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 575, provisional: 575 });
  });
});

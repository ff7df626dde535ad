import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groceryRuleset } from '../rules/support/grocery-ruleset.js';
import { line } from '../rules/support/bills.js';
import { bill, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

function countingFetch() {
  const paths: string[] = [];
  const f: typeof fetch = (input, init) => {
    paths.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
    return fetch(input, init);
  };
  return { fetch: f, paths };
}

describe('prefetch: warming the cache with many members, and a balance that says when it is not known', () => {
  let w: TillWorld;
  beforeEach(async () => {
    w = await startTillWorld([
      { memberId: 'asha', openingPoints: 300 },
      { memberId: 'ravi', openingPoints: 500, tier: 'classic' },
      { memberId: 'meera', openingPoints: 40 },
    ]);
  });
  afterEach(() => w.close());

  it('caches 3 known members in one pull and names the unknown one; their balances then show offline', async () => {
    const counted = countingFetch();
    const t = w.terminal({ fetch: counted.fetch });
    await t.start();
    // Asha is held already, with an accrual not yet sent: the prefetch must not count it twice.
    await t.lookupMember({ memberId: 'asha' });
    await t.accrue({ memberId: 'asha', points: 15, bill: bill('B1', 15_000) });
    counted.paths.length = 0;

    expect(await t.prefetch({ memberIds: ['asha', 'ravi', 'meera', 'nobody', 'ravi'] })).toEqual({ found: ['asha', 'ravi', 'meera'], missing: ['nobody'] });
    expect(counted.paths).toEqual(['/v1/pull']);

    w.proxy.mode = { kind: 'offline' };
    expect(await t.getBalance('ravi')).toMatchObject({ known: true, confirmed: 500, provisional: 500, stale: false });
    expect(await t.getBalance('meera')).toMatchObject({ known: true, confirmed: 40 });
    expect(await t.getBalance('asha')).toMatchObject({ known: true, confirmed: 300, provisional: 315 });
    expect(await t.getBalance('nobody')).toEqual({
      memberId: 'nobody', known: false, confirmed: 0, provisional: 0, pendingAccrual: 0, pendingRedemption: 0, asOf: null, stale: true,
    });
    // A prefetched member earns offline like one looked up.
    expect((await t.accrue({ memberId: 'ravi', points: 10, bill: bill('B2', 10_000) })).balance.provisional).toBe(510);
    w.proxy.mode = { kind: 'pass' };
    await t.sync();
    expect(await w.ledgerPoints('asha')).toBe(315);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 315, provisional: 315 });
    expect(await w.ledgerPoints('ravi')).toBe(510);
  });

  it('asks in one pull per 5000 ids', async () => {
    const counted = countingFetch();
    const t = w.terminal({ fetch: counted.fetch });
    await t.start();
    const many = Array.from({ length: 5001 }, (_, i) => `m-${i}`);
    const answer = await t.prefetch({ memberIds: [...many, 'meera'] });
    expect(answer.found).toEqual(['meera']);
    expect(answer.missing).toHaveLength(5001);
    expect(counted.paths).toEqual(['/v1/pull', '/v1/pull']);
  });

  it('refuses bad ids with invalid_argument and throws the network\'s error offline, caching nothing', async () => {
    const t = w.terminal();
    await t.start();
    await expect(t.prefetch({ memberIds: [] })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(t.prefetch({ memberIds: ['has spaces'] })).rejects.toMatchObject({ code: 'invalid_argument' });
    w.proxy.mode = { kind: 'offline' };
    await expect(t.prefetch({ memberIds: ['ravi'] })).rejects.toMatchObject({ code: 'network' });
    expect(await t.getBalance('ravi')).toMatchObject({ known: false });
  });
});

describe('a redemption or checkout for a member the till has never looked up', () => {
  let w: TillWorld;
  beforeEach(async () => {
    w = await startTillWorld([
      { memberId: 'asha', openingPoints: 500, tier: 'classic' },
      { memberId: 'ravi', openingPoints: 500, tier: 'classic' },
    ]);
    await w.publishRuleset({ ...groceryRuleset, version: 1, promotions: [] });
  });
  afterEach(() => w.close());

  it('online: looks the member up and decides on the real balance', async () => {
    const t = w.terminal();
    await t.start();
    await t.sync(); // the ruleset and the store's policy; no member is cached
    const redeemed = await t.redeem({ memberId: 'asha', points: 200 });
    expect(redeemed).toMatchObject({ basis: 'hold', balance: { known: true, confirmed: 500, provisional: 300 } });
    await expect(t.redeem({ memberId: 'asha', points: 301 })).rejects.toMatchObject({ code: 'insufficient_points' });

    const receipt = await t.checkout({ memberId: 'ravi', bill: { billId: 'FM-1', lines: [line('L1', 'RICE', 'staples', 450)] }, redeemPoints: 450 });
    expect(receipt.redemption).toMatchObject({ points: 450, basis: 'hold' });
    expect(receipt.balance.provisional).toBe(500 - 450 + receipt.accrual.points);
    await t.sync();
    expect(await w.ledgerPoints('asha')).toBe(300);
    expect(await w.ledgerPoints('ravi')).toBe(50 + receipt.accrual.points);
  });

  it('offline: refuses with member_not_found, never insufficient_points with 0, and writes nothing', async () => {
    const t = w.terminal({ memberDeadlineMs: 500 });
    await t.start();
    await t.sync();
    w.proxy.mode = { kind: 'offline' };
    const redeem = await t.redeem({ memberId: 'asha', points: 200 }).catch((e: unknown) => e);
    expect(redeem).toMatchObject({ code: 'member_not_found' });
    const checkout = await t
      .checkout({ memberId: 'ravi', bill: { billId: 'FM-1', lines: [line('L1', 'RICE', 'staples', 450)] }, redeemPoints: 100 })
      .catch((e: unknown) => e);
    expect(checkout).toMatchObject({ code: 'member_not_found' });
    expect(await t.getBalance('asha')).toMatchObject({ known: false });
    expect((await t.status()).queueDepth).toBe(0);
  });
});

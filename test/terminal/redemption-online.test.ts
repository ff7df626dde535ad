import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groceryRuleset } from '../rules/support/grocery-ruleset.js';
import { line } from '../rules/support/bills.js';
import { startTillWorld, bill, type TillWorld } from '../support/terminal-fixture.js';

const ledgerBalance = async (w: TillWorld, memberId: string) =>
  (await w.ledger.get(`/v1/members/lookup?memberId=${memberId}`, w.ledger.adminKey)).body.member.balance as { points: number; held: number; available: number };

describe('redeeming at a till that reaches the ledger', () => {
  let w: TillWorld;
  beforeEach(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 1000 }]);
  });
  afterEach(() => w.close());

  it('places a hold first, and the pushed redemption captures it', async () => {
    const t = w.terminal();
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const r = await t.redeem({ memberId: 'asha', points: 300, bill: bill('B1', 30_000) });
    expect(r.basis).toBe('hold');
    expect(r.balance.provisional).toBe(700);
    // The points left the available balance at the ledger at once.
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ points: 1000, held: 300, available: 700 });
    expect(await t.sync()).toMatchObject({ confirmed: 1, rejected: 0 });
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ points: 700, held: 0, available: 700 });
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 700, provisional: 700, pendingRedemption: 0 });
    const [redemption] = await t.history('asha');
    expect(redemption).toMatchObject({ kind: 'redeem', basis: 'hold', holdId: expect.any(String), state: 'confirmed' });
  });

  it('refuses a redemption the ledger cannot hold with insufficient_points, writing nothing', async () => {
    const t = w.terminal();
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    // Another till spent the points meanwhile: this till's cache still shows 1000.
    await w.ledger.post('/v1/holds', { protocol: 'v1', terminalId: 'till-1', storeId: 'store-1', holdId: '01JD0000000000000000000HBD', memberId: 'asha', points: 900 }, w.apiKey);
    await expect(t.redeem({ memberId: 'asha', points: 300 })).rejects.toMatchObject({ code: 'insufficient_points' });
    expect(await t.history('asha')).toEqual([]);
    expect((await t.status()).queueDepth).toBe(0);
  });

  it('refuses to redeem or hold for a member the ledger does not know with member_not_found', async () => {
    const t = w.terminal();
    await t.start();
    // A member this till has never seen is looked up first (see never-looked-up.test.ts); the ledger knows no "nobody".
    await expect(t.redeem({ memberId: 'nobody', points: 10 })).rejects.toMatchObject({ code: 'member_not_found' });
    await expect(t.holdPoints({ memberId: 'nobody', points: 10 })).rejects.toMatchObject({ code: 'member_not_found' });
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ held: 0 });
    expect((await t.status()).queueDepth).toBe(0);
  });

  it('holds points for a bill in progress, captures less at checkout, and gives the rest back', async () => {
    await w.publishRuleset({ ...groceryRuleset, version: 1, promotions: [] });
    const t = w.terminal();
    await t.start();
    await t.sync();
    await t.lookupMember({ memberId: 'asha' });
    const held = await t.holdPoints({ memberId: 'asha', points: 400, billId: 'B2' });
    expect(held.balance.provisional).toBe(600);
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ held: 400, available: 600 });
    // Asking for more than the hold holds is refused, writing nothing.
    await expect(
      t.checkout({ memberId: 'asha', bill: { billId: 'B2', lines: [LINE] }, holdId: held.holdId, redeemPoints: 401 }),
    ).rejects.toMatchObject({ code: 'hold_exceeded' });
    const receipt = await t.checkout({ memberId: 'asha', bill: { billId: 'B2', lines: [LINE] }, holdId: held.holdId, redeemPoints: 250 });
    expect(receipt.redemption).toMatchObject({ points: 250, basis: 'hold' });
    expect(receipt.balance.provisional).toBe(1000 - 250 + receipt.accrual.points);
    await t.sync();
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ points: 750 + receipt.accrual.points, held: 0 });
    expect(await t.getBalance('asha')).toMatchObject({ provisional: 750 + receipt.accrual.points });
  });

  it('releases a hold whose bill was cancelled; offline, the void goes at the next sync round', async () => {
    const t = w.terminal();
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const first = await t.holdPoints({ memberId: 'asha', points: 100 });
    expect((await t.releaseHold(first.holdId)).provisional).toBe(1000);
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ held: 0 });
    await expect(t.releaseHold(first.holdId)).rejects.toMatchObject({ code: 'hold_not_found' });

    const second = await t.holdPoints({ memberId: 'asha', points: 200 });
    w.proxy.mode = { kind: 'offline' };
    await t.releaseHold(second.holdId);
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ held: 200 });
    w.proxy.mode = { kind: 'pass' };
    await t.sync();
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ held: 0, available: 1000 });
  });

  it('voids a hold whose answer was lost at the next sync round, and meanwhile redeems by the offline policy', async () => {
    await w.ledger.post('/v1/admin/policy', { protocol: 'v1', policy: { offline: 'limit' } }, w.ledger.adminKey);
    const t = w.terminal();
    await t.start();
    await t.sync();
    await t.lookupMember({ memberId: 'asha' });
    w.proxy.mode = { kind: 'drop-response' };
    const r = await t.redeem({ memberId: 'asha', points: 100 });
    expect(r.basis).toBe('limit');
    // The ledger placed the hold whose answer never came.
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ held: 100 });
    w.proxy.mode = { kind: 'pass' };
    await t.sync();
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ points: 900, held: 0, available: 900 });
    expect(await t.getBalance('asha')).toMatchObject({ provisional: 900 });
  });
});

const LINE = line('L1', 'RICE-5KG', 'staples', 500);

describe('a hold answer that cannot be the ledger\'s', () => {
  let w: TillWorld;
  afterEach(() => w.close());

  it('is a protocol_violation: nothing is written, and the hold the till asked for is voided at the next round', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 1000 }, { memberId: 'ravi', openingPoints: 1000 }]);
    const t = w.terminal();
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    w.proxy.mode = {
      kind: 'respond',
      respond: (_path, body) => {
        const asked = JSON.parse(body);
        const at = new Date().toISOString();
        const hold = { holdId: asked.holdId, kind: 'hold', memberId: 'ravi', terminalId: 'till-1', storeId: 'store-1', points: asked.points, captured: 0, state: 'open', expiresAt: at };
        const balance = { memberId: 'ravi', points: 1000, held: asked.points, available: 1000 - asked.points, version: 5, updatedAt: at };
        return { status: 200, body: JSON.stringify({ protocol: 'v1', hold, balance, ledgerTime: at }) };
      },
    };
    await expect(t.redeem({ memberId: 'asha', points: 100 })).rejects.toMatchObject({ code: 'protocol_violation' });
    expect(await t.history('asha')).toEqual([]);
    expect(await t.getBalance('asha')).toMatchObject({ provisional: 1000, pendingRedemption: 0 });
    w.proxy.mode = { kind: 'pass' };
    await t.sync();
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ held: 0 });
  });
});

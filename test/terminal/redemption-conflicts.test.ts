import { afterEach, describe, expect, it } from 'vitest';
import { groceryRuleset } from '../rules/support/grocery-ruleset.js';
import { line } from '../rules/support/bills.js';
import { startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

const ledgerBalance = async (w: TillWorld, memberId: string) =>
  (await w.ledger.get(`/v1/members/lookup?memberId=${memberId}`, w.ledger.adminKey)).body.member.balance as { points: number; held: number; available: number };

// The ledger lets a redemption whose hold closed stand on the member's available points: these
// conflicts happen when the member spent them elsewhere meanwhile.
async function spendInApp(w: TillWorld, memberId: string, points: number): Promise<void> {
  const r = await w.ledger.post(
    '/v1/admin/adjustments',
    { protocol: 'v1', adjustments: [{ intentId: '01JD0000000000000000000APP', memberId, points: -points, reason: 'app redemption', approvedBy: 'app' }] },
    w.ledger.adminKey,
  );
  if (r.status !== 200) throw new Error(`spendInApp: ${JSON.stringify(r.body)}`);
}

describe('redemptions the ledger refuses for their hold or allowance become conflicts with what to do', () => {
  let w: TillWorld;
  afterEach(() => w.close());

  it('a redemption that reaches the ledger after its allowance expired spends nothing, and the cashier is told to collect the value', async () => {
    let ledgerClock = Date.now();
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 1000 }], { now: () => new Date(ledgerClock) });
    await w.ledger.post('/v1/admin/policy', { protocol: 'v1', policy: { offline: 'allowance', allowancePoints: 400, allowanceMinutes: 60 } }, w.ledger.adminKey);
    const t = w.terminal();
    await t.start();
    await t.sync();
    await t.lookupMember({ memberId: 'asha' });
    w.proxy.mode = { kind: 'offline' };
    const spent = await t.redeem({ memberId: 'asha', points: 150 });
    expect(spent.basis).toBe('allowance');
    // The till stayed offline past the allowance's life by the ledger's clock, and the member spent the rest in the app.
    ledgerClock += 61 * 60_000;
    await spendInApp(w, 'asha', 900);
    w.proxy.mode = { kind: 'pass' };
    expect(await t.sync()).toMatchObject({ rejected: 1 });
    const [conflict] = await t.conflicts();
    expect(conflict).toMatchObject({ reason: 'hold_expired', action: expect.stringMatching(/collect the redeemed value/) });
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ points: 100, held: 0 });
    await t.sync();
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 100, provisional: 100, pendingRedemption: 0 });
  });

  it('a hold captured after it expired spends nothing: hold_expired, a conflict for the cashier', async () => {
    let ledgerClock = Date.now();
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 1000 }], { now: () => new Date(ledgerClock) });
    await w.ledger.post('/v1/admin/policy', { protocol: 'v1', policy: { offline: 'deny', holdMinutes: 15 } }, w.ledger.adminKey);
    await w.publishRuleset({ ...groceryRuleset, version: 1, promotions: [] });
    const t = w.terminal();
    await t.start();
    await t.sync();
    await t.lookupMember({ memberId: 'asha' });
    const held = await t.holdPoints({ memberId: 'asha', points: 200, billId: 'B1' });
    ledgerClock += 16 * 60_000;
    await spendInApp(w, 'asha', 900);
    w.proxy.mode = { kind: 'offline' };
    const receipt = await t.checkout({ memberId: 'asha', bill: { billId: 'B1', lines: [line('L1', 'RICE-5KG', 'staples', 100)] }, holdId: held.holdId, redeemPoints: 200 });
    expect(receipt.redemption).toMatchObject({ basis: 'hold' });
    w.proxy.mode = { kind: 'pass' };
    expect(await t.sync()).toMatchObject({ rejected: 1 });
    expect((await t.conflicts())[0]).toMatchObject({ reason: 'hold_expired', kind: 'redeem' });
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ held: 0, points: 100 + receipt.accrual.points });
    await t.sync();
    expect(await t.getBalance('asha')).toMatchObject({ provisional: 100 + receipt.accrual.points });
  });
});

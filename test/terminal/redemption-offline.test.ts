import { afterEach, describe, expect, it } from 'vitest';
import type { RedemptionPolicyV1 } from '../../src/protocol/index.js';
import { nextEvent, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

const ledgerBalance = async (w: TillWorld, memberId: string) =>
  (await w.ledger.get(`/v1/members/lookup?memberId=${memberId}`, w.ledger.adminKey)).body.member.balance as { points: number; held: number; available: number };

async function setPolicy(w: TillWorld, policy: RedemptionPolicyV1): Promise<void> {
  const r = await w.ledger.post('/v1/admin/policy', { protocol: 'v1', policy }, w.ledger.adminKey);
  if (r.status !== 200) throw new Error(`setPolicy: ${JSON.stringify(r.body)}`);
}

describe('redeeming when the ledger does not answer: the store\'s policy decides', () => {
  let w: TillWorld;
  afterEach(() => w.close());

  it('refuses with offline_redemption_denied under deny, and when the till has never learnt the policy, writing nothing', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 1000 }]);
    const t = w.terminal({ holdDeadlineMs: 200 });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    w.proxy.mode = { kind: 'offline' };
    await expect(t.redeem({ memberId: 'asha', points: 10 })).rejects.toMatchObject({ code: 'offline_redemption_denied' });

    w.proxy.mode = { kind: 'pass' };
    await setPolicy(w, { offline: 'deny' });
    await t.sync();
    w.proxy.mode = { kind: 'offline' };
    await expect(t.redeem({ memberId: 'asha', points: 10 })).rejects.toMatchObject({ code: 'offline_redemption_denied', details: { policy: 'deny' } });
    // A ledger that hangs is as good as gone once the deadline passes.
    w.proxy.mode = { kind: 'hang' };
    await expect(t.redeem({ memberId: 'asha', points: 10 })).rejects.toMatchObject({ code: 'offline_redemption_denied' });
    expect(await t.history('asha')).toEqual([]);
    expect(await t.getBalance('asha')).toMatchObject({ provisional: 1000, pendingRedemption: 0 });
  });

  it('under allowance, redeems offline only within the allowance this till got at lookup, and not after its use-by time', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 1000 }]);
    await setPolicy(w, { offline: 'allowance', allowancePoints: 500 });
    let clock = Date.now();
    const t = w.terminal({ now: () => clock });
    await t.start();
    await t.sync();
    const granted = nextEvent(t, 'allowance');
    const looked = await t.lookupMember({ memberId: 'asha' });
    expect(await granted).toMatchObject({ memberId: 'asha', remaining: 500 });
    // The till's own allowance is its to spend: the cashier still sees every point.
    expect(looked.balance.provisional).toBe(1000);
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ held: 500, available: 500 });

    w.proxy.mode = { kind: 'offline' };
    const spent = await t.redeem({ memberId: 'asha', points: 300 });
    expect(spent).toMatchObject({ basis: 'allowance', balance: { provisional: 700 } });
    await expect(t.redeem({ memberId: 'asha', points: 201 })).rejects.toMatchObject({
      code: 'allowance_unavailable', details: { reason: 'exceeded', usable: 200 },
    });
    clock += 8 * 3_600_000;
    await expect(t.redeem({ memberId: 'asha', points: 10 })).rejects.toMatchObject({ code: 'allowance_unavailable', details: { reason: 'expired' } });
    expect((await t.status()).queueDepth).toBe(1);

    w.proxy.mode = { kind: 'pass' };
    await t.sync();
    // Captured what was spent; the rest was given back once past its use-by time.
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ points: 700, held: 0, available: 700 });
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 700, provisional: 700 });
    const [redemption] = await t.history('asha');
    expect(redemption).toMatchObject({ basis: 'allowance', state: 'confirmed' });
  });

  it('under limit, checks the per-redemption, per-member and per-till caps and the cached balance\'s age, each with its typed error', async () => {
    w = await startTillWorld([
      { memberId: 'asha', openingPoints: 1000 },
      { memberId: 'ravi', openingPoints: 1000 },
      { memberId: 'meena', openingPoints: 50 },
    ]);
    await setPolicy(w, { offline: 'limit', limitPerRedemption: 300, limitPerMember: 500, limitPerTill: 700, maxBalanceAgeMinutes: 60 });
    let clock = Date.now();
    const t = w.terminal({ now: () => clock, staleAfterMs: 60_000 });
    await t.start();
    await t.sync();
    for (const memberId of ['asha', 'ravi', 'meena']) await t.lookupMember({ memberId });
    w.proxy.mode = { kind: 'offline' };
    await expect(t.redeem({ memberId: 'asha', points: 301 })).rejects.toMatchObject({ code: 'offline_limit_exceeded', details: { limit: 'perRedemption' } });
    const first = await t.redeem({ memberId: 'asha', points: 300 });
    expect(first.basis).toBe('limit');
    await expect(t.redeem({ memberId: 'asha', points: 250 })).rejects.toMatchObject({ code: 'offline_limit_exceeded', details: { limit: 'perMember', spent: 300 } });
    await t.redeem({ memberId: 'ravi', points: 300 });
    await expect(t.redeem({ memberId: 'meena', points: 51 })).rejects.toMatchObject({ code: 'insufficient_points' });
    await expect(t.redeem({ memberId: 'ravi', points: 101 })).rejects.toMatchObject({ code: 'offline_limit_exceeded', details: { limit: 'perTill', spent: 600 } });
    clock += 61 * 60_000;
    await expect(t.redeem({ memberId: 'meena', points: 10 })).rejects.toMatchObject({ code: 'offline_limit_exceeded', details: { limit: 'balanceAge' } });
    const [stored] = await t.history('asha');
    expect(stored).toMatchObject({ basis: 'limit', balanceAsOf: expect.any(String) });

    w.proxy.mode = { kind: 'pass' };
    expect(await t.sync()).toMatchObject({ confirmed: 2, rejected: 0 });
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ points: 700 });
  });

  it('lets a manager override the policy offline (basis override), the ledger checking the approval', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 1000 }]);
    await setPolicy(w, { offline: 'deny' });
    const t = w.terminal();
    await t.start();
    await t.sync();
    await t.lookupMember({ memberId: 'asha' });
    w.proxy.mode = { kind: 'offline' };
    const r = await t.redeem({ memberId: 'asha', points: 100, approval: { managerId: 'nobody', pin: '123456' } });
    expect(r.basis).toBe('override');
    const [stored] = await t.history('asha');
    expect(stored).toMatchObject({ basis: 'override', approval: { managerId: 'nobody' } });
    expect(stored!.approval).not.toHaveProperty('pin');
    w.proxy.mode = { kind: 'pass' };
    // No such manager: the ledger refuses it, a conflict for the cashier.
    expect(await t.sync()).toMatchObject({ rejected: 1 });
    expect((await t.conflicts())[0]).toMatchObject({ reason: 'manager_approval_invalid' });
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ points: 1000 });
  });
});

describe('two tills offline redeeming the same member\'s points', () => {
  let w: TillWorld;
  afterEach(() => w.close());

  it('under allowance, never spend a point twice: each spends only what the ledger held for it', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 1000 }]);
    await setPolicy(w, { offline: 'allowance', allowancePoints: 600 });
    const key2 = await w.ledger.addTerminal('till-2', 'store-1');
    const t1 = w.terminal();
    const t2 = w.terminal({ terminalId: 'till-2', apiKey: key2 });
    for (const t of [t1, t2]) {
      await t.start();
      await t.sync();
      await t.lookupMember({ memberId: 'asha' });
    }
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ points: 1000, held: 1000, available: 0 });
    await t1.sync(); // till 1 pulls what till 2's allowance holds
    w.proxy.mode = { kind: 'offline' };
    // Each till sees only its own allowance as spendable: beyond it, the member has nothing here.
    expect((await t1.getBalance('asha')).provisional).toBe(600);
    expect((await t2.getBalance('asha')).provisional).toBe(400);
    await expect(t1.redeem({ memberId: 'asha', points: 601 })).rejects.toMatchObject({ code: 'insufficient_points' });
    await t1.redeem({ memberId: 'asha', points: 600 });
    await expect(t1.redeem({ memberId: 'asha', points: 1 })).rejects.toMatchObject({ code: 'insufficient_points' });
    await t2.redeem({ memberId: 'asha', points: 400 });
    await expect(t2.redeem({ memberId: 'asha', points: 1 })).rejects.toMatchObject({ code: 'insufficient_points' });
    w.proxy.mode = { kind: 'pass' };
    expect(await t1.sync()).toMatchObject({ confirmed: 1, rejected: 0 });
    expect(await t2.sync()).toMatchObject({ confirmed: 1, rejected: 0 });
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ points: 0, held: 0, available: 0 });
  });

  it('under limit, both are applied and the shortfall is charged to the member, bounded by the caps', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 1000 }]);
    // The ledger counts a member's offline spending across tills: 1,600 is the most the programme risks on her.
    await setPolicy(w, { offline: 'limit', limitPerRedemption: 800, limitPerMember: 1600, shortfall: 'member_debt' });
    const key2 = await w.ledger.addTerminal('till-2', 'store-1');
    const t1 = w.terminal();
    const t2 = w.terminal({ terminalId: 'till-2', apiKey: key2 });
    for (const t of [t1, t2]) {
      await t.start();
      await t.sync();
      await t.lookupMember({ memberId: 'asha' });
    }
    w.proxy.mode = { kind: 'offline' };
    expect((await t1.redeem({ memberId: 'asha', points: 800 })).basis).toBe('limit');
    expect((await t2.redeem({ memberId: 'asha', points: 800 })).basis).toBe('limit');
    // Neither till lets the member spend beyond what it believes she has.
    await expect(t1.redeem({ memberId: 'asha', points: 201 })).rejects.toMatchObject({ code: 'insufficient_points' });
    w.proxy.mode = { kind: 'pass' };
    expect(await t1.sync()).toMatchObject({ confirmed: 1 });
    expect(await t2.sync()).toMatchObject({ confirmed: 1 });
    // 1,600 spent on 1,000: the member owes 600, recovered from future accruals.
    expect(await ledgerBalance(w, 'asha')).toMatchObject({ points: -600 });
    expect(await t2.getBalance('asha')).toMatchObject({ confirmed: -600, provisional: -600 });
  });
});

describe("a till prefetching allowances for its store's frequent members", () => {
  let w: TillWorld;
  afterEach(() => w.close());

  it('gets them in one call, caches members it never looked up, and lets them redeem offline within them', async () => {
    w = await startTillWorld([
      { memberId: 'asha', openingPoints: 1000 },
      { memberId: 'ravi', openingPoints: 1000 },
      { memberId: 'meera', openingPoints: 1000 },
    ]);
    await setPolicy(w, { offline: 'allowance', allowancePoints: 300 });
    // Yesterday's till of this store served asha twice and ravi once; meera never came.
    const before = w.terminal();
    await before.start();
    for (const [memberId, billId] of [['asha', 'B1'], ['asha', 'B2'], ['ravi', 'B3']] as const) {
      await before.lookupMember({ memberId });
      await before.accrue({ memberId, points: 1, bill: { billId, amountPaise: 100 } });
    }
    await before.sync();
    await before.close();
    // A till on a fresh database prefetches before the line drops.
    const t = w.terminal();
    await t.start();
    await t.sync();
    const requests = w.proxy.seen.length;
    const allowances = await t.prefetchAllowances({ frequent: 2 });
    expect(w.proxy.seen.length - requests).toBe(1);
    expect(allowances.map((a) => [a.memberId, a.remaining])).toEqual([['asha', 300], ['ravi', 300]]);
    w.proxy.mode = { kind: 'offline' };
    expect((await t.redeem({ memberId: 'ravi', points: 300 })).basis).toBe('allowance');
    await expect(t.redeem({ memberId: 'meera', points: 10 })).rejects.toMatchObject({ code: 'member_not_found' });
    w.proxy.mode = { kind: 'pass' };
    await t.sync();
    expect(await ledgerBalance(w, 'ravi')).toMatchObject({ points: 701 });
    expect(await t.conflicts()).toEqual([]);
  });
});

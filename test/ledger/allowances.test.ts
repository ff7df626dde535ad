import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, intentMaker, pushBody } from '../support/ledger-fixture.js';
import { startRedemptionWorld, type RedemptionWorld } from './support/redemption-world.js';

const PUNE = { terminalId: 'pune-1', storeId: 'pune' };
const PUNE2 = { terminalId: 'pune-2', storeId: 'pune' };

describe.each(DATABASES)('allowances and the redemption policy (%s)', (kind) => {
  let w: RedemptionWorld;
  let key: string;
  let key2: string;
  beforeAll(async () => {
    w = await startRedemptionWorld(kind);
    key = await w.t.addTerminal(PUNE.terminalId, PUNE.storeId);
    key2 = await w.t.addTerminal(PUNE2.terminalId, PUNE2.storeId);
    await w.t.addMembers([
      { memberId: 'asha', openingPoints: 3000 },
      { memberId: 'ravi', openingPoints: 300 },
      { memberId: 'zero', openingPoints: 0 },
      { memberId: 'regular', openingPoints: 200 },
    ]);
  });
  afterAll(() => w.t.close());

  it('grants min(available, allowancePoints) per named member, none to a member with nothing or unknown', async () => {
    const r = await w.allowances(key, PUNE, { memberIds: ['asha', 'ravi', 'zero', 'nobody'] });
    expect(r.status).toBe(200);
    expect(r.body.ledgerTime).toBe(w.now().toISOString());
    const by = Object.fromEntries(r.body.allowances.map((a: any) => [a.allowance.memberId, a]));
    expect(Object.keys(by).sort()).toEqual(['asha', 'ravi']);
    expect(by.asha.allowance).toMatchObject({ kind: 'allowance', terminalId: 'pune-1', points: 1000, captured: 0, state: 'open' });
    expect(by.asha.allowance.expiresAt).toBe(new Date(w.now().getTime() + 480 * 60_000).toISOString());
    expect(by.asha.balance).toMatchObject({ points: 3000, held: 1000, available: 2000 });
    expect(by.ravi.allowance.points).toBe(300);
    const tb = await w.trialBalance();
    expect(tb.total).toBe(0);
    expect(tb.mismatchedMembers).toEqual([]);
  });

  it('gives the same open allowance back to the same till, renewed only past half its life', async () => {
    const first = (await w.allowances(key, PUNE, { memberIds: ['asha'] })).body.allowances[0].allowance;
    w.advance(60);
    const early = (await w.allowances(key, PUNE, { memberIds: ['asha'] })).body.allowances[0].allowance;
    expect(early).toEqual(first);
    w.advance(200);
    const renewed = (await w.allowances(key, PUNE, { memberIds: ['asha'] })).body.allowances[0].allowance;
    expect(renewed.holdId).toBe(first.holdId);
    expect(renewed.expiresAt).toBe(new Date(w.now().getTime() + 480 * 60_000).toISOString());
    expect((await w.balance('asha')).held).toBe(1000);
  });

  it('grants another till its own allowance from what is still available', async () => {
    const r = await w.allowances(key2, PUNE2, { memberIds: ['asha', 'ravi'] });
    expect(r.body.allowances.map((a: any) => [a.allowance.memberId, a.allowance.points])).toEqual([['asha', 1000]]);
    expect((await w.balance('asha')).held).toBe(2000);
  });

  it('prefetches the store\'s most frequent members in the same call', async () => {
    const till = intentMaker(PUNE.terminalId, PUNE.storeId);
    await w.t.post('/v1/push', pushBody(PUNE.terminalId, PUNE.storeId, [till.accrue('regular', 1), till.accrue('regular', 1), till.accrue('zero', 1)]), key);
    const r = await w.allowances(key2, PUNE2, { frequent: 2 });
    expect(r.status).toBe(200);
    expect(r.body.allowances.map((a: any) => [a.allowance.memberId, a.allowance.points]).sort()).toEqual([['regular', 202], ['zero', 1]]);
  });

  it('releases an allowance: its points come back, a second release answers the same; another till\'s id is hold_not_found', async () => {
    const granted = (await w.allowances(key2, PUNE2, { memberIds: ['asha'] })).body.allowances[0].allowance;
    expect((await w.release(key, PUNE, [granted.holdId])).body.error.code).toBe('hold_not_found');
    const released = await w.release(key2, PUNE2, [granted.holdId, granted.holdId]);
    expect(released.status).toBe(200);
    expect(released.body.allowances).toHaveLength(1);
    expect(released.body.allowances[0].allowance.state).toBe('released');
    expect(released.body.allowances[0].balance.held).toBe(1000);
    const again = await w.release(key2, PUNE2, [granted.holdId]);
    expect(again.body.allowances[0].allowance).toEqual(released.body.allowances[0].allowance);
    const tb = await w.trialBalance();
    expect(tb.total).toBe(0);
    expect(tb.mismatchedMembers).toEqual([]);
  });

  it('an allowance of a till that died is released by its expiry (the sweep), never lost', async () => {
    w.advance(481);
    expect(await w.t.ledger.sweepHolds()).toBeGreaterThanOrEqual(1);
    for (const id of ['asha', 'ravi', 'regular', 'zero']) expect((await w.balance(id)).held).toBe(0);
    expect((await w.balance('asha')).points).toBe(3000);
    const tb = await w.trialBalance();
    expect(tb.total).toBe(0);
    expect(tb.accounts).toContainEqual({ account: 'program:pending', balance: 0 });
    expect(tb.mismatchedMembers).toEqual([]);
  });

  it('grants none under a policy other than allowance: 409 offline_redemption_denied', async () => {
    await w.setPolicy({ offline: 'deny' }, 'pune');
    const r = await w.allowances(key, PUNE, { memberIds: ['asha'] });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('offline_redemption_denied');
    await w.setPolicy({}, 'pune');
  });
});

describe.each(DATABASES)('the redemption policy endpoints (%s)', (kind) => {
  let w: RedemptionWorld;
  let key: string;
  beforeAll(async () => {
    w = await startRedemptionWorld(kind, { redemptionPolicy: { holdMinutes: 5, shortfall: 'store_risk' } });
    key = await w.t.addTerminal(PUNE.terminalId, PUNE.storeId);
  });
  afterAll(() => w.t.close());

  it('resolves a till\'s policy field by field: store over programme over the ledger option over the defaults', async () => {
    const before = await w.t.get('/v1/policy', key);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ storeId: 'pune', ledgerTime: w.now().toISOString() });
    // The built-in default: no offline redemption until the brand chooses it.
    expect(before.body.policy).toMatchObject({ offline: 'deny', holdMinutes: 5, shortfall: 'store_risk', allowancePoints: 1000 });
    await w.setPolicy({ offline: 'limit', limitPerRedemption: 300, holdMinutes: 10 });
    await w.setPolicy({ limitPerRedemption: 200 }, 'pune');
    const after = (await w.t.get('/v1/policy', key)).body.policy;
    expect(after).toMatchObject({ offline: 'limit', limitPerRedemption: 200, holdMinutes: 10, shortfall: 'store_risk', requiredConsents: [] });
    const listed = await w.t.get('/v1/admin/policy', w.t.adminKey);
    expect(listed.body).toEqual({
      protocol: 'v1',
      defaults: { holdMinutes: 5, shortfall: 'store_risk' },
      program: { offline: 'limit', limitPerRedemption: 300, holdMinutes: 10 },
      stores: [{ storeId: 'pune', policy: { limitPerRedemption: 200 } }],
    });
  });

  it('a hold lives as long as its store\'s policy says', async () => {
    await w.t.addMembers([{ memberId: 'asha', openingPoints: 100 }]);
    const r = await w.hold(key, PUNE, 'asha', 10);
    expect(r.body.hold.expiresAt).toBe(new Date(w.now().getTime() + 10 * 60_000).toISOString());
  });

  it('refuses a bad policy with invalid_request and changes nothing; a till may not set one', async () => {
    const bad = await w.setPolicy({ offline: 'sometimes' } as never);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect((await w.t.post('/v1/admin/policy', { protocol: 'v1', policy: {} }, key)).status).toBe(403);
    expect((await w.t.get('/v1/admin/policy', w.t.adminKey)).body.program.offline).toBe('limit');
  });
});

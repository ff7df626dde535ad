import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntentV1 } from '../../src/protocol/index.js';
import { DATABASES, intentMaker, pushBody } from '../support/ledger-fixture.js';
import { startRedemptionWorld, type RedemptionWorld, type Till } from './support/redemption-world.js';

const A1 = { terminalId: 'a-1', storeId: 'a' };
const A2 = { terminalId: 'a-2', storeId: 'a' };
const B1 = { terminalId: 'b-1', storeId: 'b' };

const activity = (over: Record<string, unknown>) => ({
  redeemed: { legacy: 0, hold: 0, allowance: 0, limit: 0, override: 0 },
  exposure: 0,
  shortfall: { memberDebt: 0, storeRisk: 0 },
  openHeld: 0,
  ...over,
});

describe.each(DATABASES)('the redemption report (%s)', (kind) => {
  let w: RedemptionWorld;
  const keys = new Map<string, string>();
  const push = (till: Till, intents: IntentV1[]) => w.t.post('/v1/push', pushBody(till.terminalId, till.storeId, intents), keys.get(till.terminalId)!);
  const maker = (till: Till) => intentMaker(till.terminalId, till.storeId);
  const at = (intent: IntentV1, extra: Record<string, unknown>) => ({ ...intent, occurredAt: w.now().toISOString(), ...extra }) as IntentV1;

  beforeAll(async () => {
    w = await startRedemptionWorld(kind);
    for (const till of [A1, A2, B1]) keys.set(till.terminalId, await w.t.addTerminal(till.terminalId, till.storeId));
    await w.setPolicy({ offline: 'limit', shortfall: 'store_risk' }, 'b');
    await w.t.addMembers([
      { memberId: 'asha', openingPoints: 2000 },
      { memberId: 'ravi', openingPoints: 100 },
    ]);
    const a1 = maker(A1);
    const a2 = maker(A2);
    const b1 = maker(B1);
    await push(A1, [a1.redeem('asha', 100)]);
    const hold = (await w.hold(keys.get('a-1')!, A1, 'asha', 300)).body.hold;
    await push(A1, [at(a1.redeem('asha', 200), { basis: 'hold', holdId: hold.holdId })]);
    const allowance = (await w.allowances(keys.get('a-2')!, A2, { memberIds: ['asha'] })).body.allowances[0].allowance;
    await push(A2, [at(a2.redeem('asha', 50), { basis: 'allowance', holdId: allowance.holdId })]);
    const limit = await push(B1, [at(b1.redeem('ravi', 400), { basis: 'limit', balanceAsOf: w.now().toISOString() })]);
    expect(limit.body.results[0].outcome).toBe('applied');
    await w.hold(keys.get('b-1')!, B1, 'asha', 25);
  });
  afterAll(() => w.t.close());

  it('gives, per store and till, points redeemed by basis, exposure, shortfall by who carries it and what is held open', async () => {
    const r = await w.t.get('/v1/admin/redemptions', w.t.adminKey);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      protocol: 'v1',
      since: null,
      stores: [
        { storeId: 'a', ...activity({ redeemed: { legacy: 100, hold: 200, allowance: 50, limit: 0, override: 0 }, openHeld: 950 }) },
        { storeId: 'b', ...activity({ redeemed: { legacy: 0, hold: 0, allowance: 0, limit: 400, override: 0 }, exposure: 400, shortfall: { memberDebt: 0, storeRisk: 300 }, openHeld: 25 }) },
      ],
      terminals: [
        { terminalId: 'a-1', storeId: 'a', ...activity({ redeemed: { legacy: 100, hold: 200, allowance: 0, limit: 0, override: 0 } }) },
        { terminalId: 'a-2', storeId: 'a', ...activity({ redeemed: { legacy: 0, hold: 0, allowance: 50, limit: 0, override: 0 }, openHeld: 950 }) },
        { terminalId: 'b-1', storeId: 'b', ...activity({ redeemed: { legacy: 0, hold: 0, allowance: 0, limit: 400, override: 0 }, exposure: 400, shortfall: { memberDebt: 0, storeRisk: 300 }, openHeld: 25 }) },
      ],
    });
    const tb = await w.trialBalance();
    expect(tb.total).toBe(0);
    expect(tb.accounts).toContainEqual({ account: 'risk:b', balance: -300 });
  });

  it('counts only redemptions received since `since`, and refuses a bad `since` with invalid_request', async () => {
    const later = new Date(w.now().getTime() + 60_000).toISOString();
    const r = await w.t.get(`/v1/admin/redemptions?since=${encodeURIComponent(later)}`, w.t.adminKey);
    expect(r.body.stores.map((s: any) => [s.storeId, s.redeemed.legacy + s.redeemed.hold + s.redeemed.allowance + s.redeemed.limit, s.openHeld])).toEqual([
      ['a', 0, 950],
      ['b', 0, 25],
    ]);
    const bad = await w.t.get('/v1/admin/redemptions?since=yesterday', w.t.adminKey);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateEarn } from '../../src/rules/index.js';
import { line } from '../rules/support/bills.js';
import { fashionRuleset } from '../rules/support/fashion-ruleset.js';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

const ruleset = { ...fashionRuleset, version: 1 };
const RULES_FROM = '2026-01-01T00:00:00.000Z';
const AT = '2026-11-10T06:00:00.000Z'; // 11:30 in India: no happy hour
const SILVER = { tier: 'silver', visits: 0, qualifyingPoints: 0, promotionPoints: {} };
const LINES = [line('L1', 'JEANS', 'apparel', 2_499), line('L2', 'TEE', 'apparel', 799)];

/** An accrual of a bill with lines, claiming `claimed` points (spread on the first line). */
function billAccrual(make: ReturnType<typeof intentMaker>, memberId: string, at: string, claimed: number, extra: object = {}) {
  return {
    ...make.accrue(memberId, claimed),
    occurredAt: at,
    bill: { billId: `B-${memberId}`, amountPaise: 329_800, lines: LINES.map((l, i) => ({ ...l, points: i === 0 ? claimed : 0 })) },
    ...extra,
  };
}

const outcome = (r: { outcome: string; reason?: string }) => r.reason ?? r.outcome;

describe.each(DATABASES)('points come from bills (%s)', (kind) => {
  describe('with the default limits', () => {
    let t: TestLedger;
    let key: string;
    beforeAll(async () => {
      t = await startTestLedger(kind, { limits: {} }); // the ledger's own default: no manual points
      key = await t.addTerminal('T1', 'S1');
      await t.addMembers([{ memberId: 'walk-in' }, { memberId: 'lined' }]);
    });
    afterAll(() => t.close());

    it('refuses points a till claims without bill lines, and says which limit', async () => {
      const make = intentMaker('T1', 'S1');
      const reply = await t.post('/v1/push', pushBody('T1', 'S1', [make.accrue('walk-in', 0), make.accrue('walk-in', 1)]), key);
      expect(reply.body.results.map(outcome)).toEqual(['applied', 'limit_exceeded']);
      expect(reply.body.results[1].message).toContain('manualPointsPerBill');
      expect(reply.body.results[1].message).toContain('1 points, the limit is 0');
      expect(reply.body.results[1].balance.points).toBe(0);
    });

    it('refuses the points of a bill with lines when no ruleset is published: there is nothing to earn them by', async () => {
      const make = intentMaker('T1', 'S1');
      const reply = await t.post('/v1/push', pushBody('T1', 'S1', [billAccrual(make, 'lined', AT, 200) as never]), key);
      expect(outcome(reply.body.results[0])).toBe('limit_exceeded');
    });
  });

  describe('with a ruleset', () => {
    let t: TestLedger;
    let key: string;
    beforeAll(async () => {
      t = await startTestLedger(kind, { limits: { manualPointsPerBill: 100 } });
      key = await t.addTerminal('T1', 'S1');
      await t.addTerminal('T2', 'S2');
      await t.addMembers([{ memberId: 'cap' }, { memberId: 'store-cap' }, { memberId: 'no-snapshot' }, { memberId: 'early' }]);
      const published = await t.post('/v1/admin/rulesets', { protocol: 'v1', ruleset, effectiveFrom: RULES_FROM }, t.adminKey);
      expect(published.status).toBe(201);
    });
    afterAll(() => t.close());

    it('honours manual points up to the program cap the ledger was given', async () => {
      const make = intentMaker('T1', 'S1');
      const reply = await t.post('/v1/push', pushBody('T1', 'S1', [make.accrue('cap', 100), make.accrue('cap', 101)]), key);
      expect(reply.body.results.map(outcome)).toEqual(['applied', 'limit_exceeded']);
      expect(reply.body.results[1].balance.points).toBe(100);
    });

    it('lets an admin set a store its own manual cap, which wins over the program one', async () => {
      const set = await t.post('/v1/admin/limits', { protocol: 'v1', storeId: 'S1', limits: { manualPointsPerBill: 10 } }, t.adminKey);
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ defaults: { manualPointsPerBill: 100 }, stores: [{ storeId: 'S1', limits: { manualPointsPerBill: 10 } }] });
      const make = intentMaker('T1', 'S1');
      const reply = await t.post('/v1/push', pushBody('T1', 'S1', [make.accrue('store-cap', 10), make.accrue('store-cap', 11)]), key);
      expect(reply.body.results.map(outcome)).toEqual(['applied', 'limit_exceeded']);
      expect(reply.body.results[1].message).toContain('the limit is 10');
      await t.post('/v1/admin/limits', { protocol: 'v1', storeId: 'S1', limits: {} }, t.adminKey);
    });

    it('recomputes a bill whose till sent no member data, even when its ruleset version was current', async () => {
      const make = intentMaker('T1', 'S1');
      const own = evaluateEarn(ruleset, { billId: 'B-no-snapshot', storeId: 'S1', at: AT, lines: LINES }, SILVER);
      const reply = await t.post('/v1/push', pushBody('T1', 'S1', [billAccrual(make, 'no-snapshot', AT, own.total + 5_000, { rulesetVersion: 1 }) as never]), key);
      expect(reply.body.results[0]).toMatchObject({
        outcome: 'applied',
        earn: { outcome: 'recomputed', tillPoints: own.total + 5_000, ledgerPoints: own.total, reason: expect.stringContaining('no member data') },
        balance: { points: own.total },
      });
    });

    it('reviews a bill dated before the first ruleset by the first ruleset', async () => {
      const make = intentMaker('T1', 'S1');
      const before = '2025-06-01T06:00:00.000Z';
      const own = evaluateEarn(ruleset, { billId: 'B-early', storeId: 'S1', at: before, lines: LINES }, SILVER);
      const reply = await t.post('/v1/push', pushBody('T1', 'S1', [billAccrual(make, 'early', before, 9_999) as never]), key);
      expect(reply.body.results[0]).toMatchObject({ outcome: 'applied', earn: { outcome: 'recomputed', rulesetVersion: 1, ledgerPoints: own.total } });
      expect(reply.body.results[0].balance.points).toBe(own.total);
    });
  });
});

import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTillpointsError } from '../../src/index.js';
import { bill, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

const op = fc.oneof(
  fc.record({ do: fc.constant('lookup' as const) }),
  fc.record({ do: fc.constant('accrue' as const), points: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ do: fc.constant('redeem' as const), points: fc.integer({ min: 1, max: 250 }) }),
  fc.record({ do: fc.constant('hold' as const), points: fc.integer({ min: 1, max: 250 }) }),
  fc.record({ do: fc.constant('release' as const) }),
  fc.record({ do: fc.constant('sync' as const) }),
  fc.record({ do: fc.constant('network' as const), mode: fc.constantFrom('pass', 'offline', 'drop-response') }),
);

// Refusals a till may answer with; anything else is a bug.
const EXPECTED = ['insufficient_points', 'allowance_unavailable', 'offline_redemption_denied', 'network', 'hold_not_found'];

describe('the provisional balance counts no point twice, holds and allowances included', () => {
  let w: TillWorld;
  let run = 0;
  beforeAll(async () => {
    w = await startTillWorld([]);
    const r = await w.ledger.post('/v1/admin/policy', { protocol: 'v1', policy: { offline: 'allowance', allowancePoints: 300 } }, w.ledger.adminKey);
    expect(r.status).toBe(200);
  });
  afterAll(() => w.close());

  it('once synced, the till shows the ledger\'s available balance plus what its own open allowances hold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const memberId = `m${++run}`;
        await w.ledger.addMembers([{ memberId, openingPoints: 600 }]);
        w.proxy.mode = { kind: 'pass' };
        const t = w.terminal({ factory: new IDBFactory(), databaseName: `db-${run}`, holdDeadlineMs: 500 });
        await t.start();
        await t.sync();
        await t.lookupMember({ memberId });
        const holds: string[] = [];
        let n = 0;
        for (const o of ops) {
          try {
            if (o.do === 'lookup') await t.lookupMember({ memberId });
            else if (o.do === 'accrue') await t.accrue({ memberId, points: o.points, bill: bill(`B${run}-${++n}`, o.points * 1000) });
            else if (o.do === 'redeem') await t.redeem({ memberId, points: o.points });
            else if (o.do === 'hold') holds.push((await t.holdPoints({ memberId, points: o.points })).holdId);
            else if (o.do === 'release' && holds.length > 0) await t.releaseHold(holds.pop()!);
            else if (o.do === 'sync') await t.sync();
            else if (o.do === 'network') w.proxy.mode = { kind: o.mode as 'pass' };
          } catch (error) {
            if (!isTillpointsError(error) || !EXPECTED.includes(error.code)) throw error;
          }
        }
        for (const h of holds) await t.releaseHold(h).catch(() => {});
        w.proxy.mode = { kind: 'pass' };
        await t.sync();
        await t.sync();
        const ledger = (await w.ledger.get(`/v1/members/lookup?memberId=${memberId}`, w.ledger.adminKey)).body.member.balance;
        const [own] = await w.ledger.ledger.database.query(
          `SELECT coalesce(sum(points - captured), 0)::int AS n FROM holds WHERE member_id = $1 AND terminal_id = 'till-1' AND kind = 'allowance' AND state = 'open'`,
          [memberId],
        );
        const balance = await t.getBalance(memberId);
        expect(balance.pendingRedemption).toBe(0);
        expect(balance.provisional).toBe(ledger.available + Number(own!.n));
        expect(ledger.points).toBeGreaterThanOrEqual(0);
        await t.close();
      }),
      { numRuns: 12 },
    );
  });
});

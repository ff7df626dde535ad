import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTillpointsError, type CheckoutReceipt, type Terminal } from '../../src/index.js';
import { isRulesError } from '../../src/rules/index.js';
import { billArb, rulesetArb } from '../rules/support/arbitraries.js';
import { startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

describe('the till and the ledger run one rules engine', () => {
  let w: TillWorld;
  let t: Terminal;
  let clock = Date.now();
  let run = 0;
  let compared = 0;
  beforeAll(async () => {
    // The ledger's clock is the till's: it judges a bill at the till's time corrected for its skew.
    w = await startTillWorld([], { now: () => new Date(clock) });
    t = w.terminal({ factory: new IDBFactory(), now: () => clock });
    await t.start();
  });
  afterAll(() => w.close());

  it('confirms exactly the points the till showed, line by line, for random rulesets and bills', async () => {
    await fc.assert(
      fc.asyncProperty(rulesetArb, billArb, async (ruleset, bill) => {
        run++;
        const memberId = `p${run}`;
        await w.publishRuleset({ ...ruleset, version: run });
        await w.ledger.addMembers([{ memberId, tier: ruleset.tiers.levels[0]!.id }]);
        await t.lookupMember({ memberId });
        await t.sync();
        expect(t.rulesetVersion).toBe(run);

        clock = Date.parse(bill.at);
        const attempt = await t.checkout({ memberId, bill: { billId: `R${run}`, lines: bill.lines } }).catch((error: unknown) => error);
        // A bill that would earn more than one intent can carry is refused, typed, at the counter.
        if (isTillpointsError(attempt)) {
          expect(isRulesError((attempt as Error).cause, 'points_out_of_range')).toBe(true);
          return;
        }
        const receipt = attempt as CheckoutReceipt;
        expect(receipt.accrual.points).toBe(receipt.lines.reduce((sum, l) => sum + l.points, 0));
        expect(Number.isSafeInteger(receipt.accrual.points)).toBe(true);
        await t.sync();
        clock = Date.now();

        const [accrual] = await t.history(memberId);
        expect(accrual?.state).toBe('confirmed');
        expect(accrual?.outcome).toMatchObject({
          outcome: 'applied',
          earn: { outcome: 'honoured', rulesetVersion: run, tillPoints: receipt.accrual.points, ledgerPoints: receipt.accrual.points },
        });
        expect(await w.ledgerPoints(memberId)).toBe(receipt.accrual.points);
        expect(await t.getBalance(memberId)).toMatchObject({ confirmed: receipt.accrual.points, provisional: receipt.accrual.points });
        compared++;
      }),
      { numRuns: 25 },
    );
    expect(compared).toBeGreaterThan(15); // most random bills are earned, not refused as too large
    const tb = (await w.ledger.get('/v1/admin/trial-balance', w.ledger.adminKey)).body;
    expect(tb.total).toBe(0);
    expect(tb.mismatchedMembers).toEqual([]);
  });
});

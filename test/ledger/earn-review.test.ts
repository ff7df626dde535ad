import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateEarn } from '../../src/rules/index.js';
import { fashionRuleset } from '../rules/support/fashion-ruleset.js';
import { line } from '../rules/support/bills.js';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

const AT = '2026-11-10T06:00:00.000Z'; // a Tuesday, 11:30 in India: no happy hour
const ruleset = { ...fashionRuleset, version: 1 };

describe.each(DATABASES)('the ledger reviews what a till earned (%s)', (kind) => {
  let t: TestLedger;
  let key: string;
  beforeAll(async () => {
    t = await startTestLedger(kind);
    key = await t.addTerminal('T1', 'S1');
    await t.addMembers([{ memberId: 'honest' }, { memberId: 'greedy' }, { memberId: 'drift' }, { memberId: 'lapsed' }]);
    const published = await t.post('/v1/admin/rulesets', { protocol: 'v1', ruleset, effectiveFrom: '2026-01-01T00:00:00Z' }, t.adminKey);
    expect(published.status).toBe(201);
  });
  afterAll(() => t.close());

  function accrual(memberId: string, snapshot: { tier: string; visits: number; qualifyingPoints: number; promotionPoints: Record<string, number> }, inflate = 0) {
    const lines = [line('L1', 'JEANS', 'apparel', 2_499), line('L2', 'TEE', 'apparel', 799)];
    const earn = evaluateEarn(ruleset, { billId: `B-${memberId}`, storeId: 'S1', at: AT, lines }, snapshot);
    const base = intentMaker('T1', 'S1').accrue(memberId, earn.total + inflate);
    return {
      earn,
      intent: {
        ...base, occurredAt: AT, rulesetVersion: 1, memberSnapshot: snapshot,
        bill: { billId: `B-${memberId}`, amountPaise: 329_800, lines: lines.map((l, i) => ({ ...l, points: earn.lines[i]!.points + (i === 0 ? inflate : 0) })) },
      },
    };
  }

  it('honours a till whose points follow from its ruleset and member data', async () => {
    const { earn, intent } = accrual('honest', { tier: 'silver', visits: 0, qualifyingPoints: 0, promotionPoints: {} });
    const reply = await t.post('/v1/push', pushBody('T1', 'S1', [intent as never]), key);
    expect(reply.body.results[0]).toMatchObject({ outcome: 'applied', earn: { outcome: 'honoured', tillPoints: earn.total, ledgerPoints: earn.total } });
    expect(reply.body.results[0].balance.points).toBe(earn.total);
  });

  it('does not let a till make points up', async () => {
    const { earn, intent } = accrual('greedy', { tier: 'silver', visits: 0, qualifyingPoints: 0, promotionPoints: {} }, 1_000);
    const reply = await t.post('/v1/push', pushBody('T1', 'S1', [intent as never]), key);
    expect(reply.body.results[0]).toMatchObject({
      outcome: 'applied',
      earn: { outcome: 'recomputed', tillPoints: earn.total + 1_000, ledgerPoints: earn.total, reason: expect.stringContaining('do not follow') },
    });
    expect(reply.body.results[0].balance.points).toBe(earn.total);
  });

  it('honours a till that was behind on the member, and says what the ledger would have given', async () => {
    // The till thinks this is the member's first purchase; the ledger knows of one elsewhere.
    const elsewhere = intentMaker('T1', 'S1').accrue('drift', 10);
    await t.post('/v1/push', pushBody('T1', 'S1', [elsewhere]), key);
    const { earn, intent } = accrual('drift', { tier: 'silver', visits: 0, qualifyingPoints: 0, promotionPoints: {} });
    const ledgerOwn = evaluateEarn(ruleset, { billId: 'B-drift', storeId: 'S1', at: AT, lines: intent.bill.lines.map(({ points: _p, ...l }) => l) }, {
      tier: 'silver', visits: 1, qualifyingPoints: 10, promotionPoints: {},
    });
    expect(ledgerOwn.total).not.toBe(earn.total); // no first-purchase bonus the second time
    const reply = await t.post('/v1/push', pushBody('T1', 'S1', [{ ...intent, seq: intent.seq + 1 } as never]), key);
    expect(reply.body.results[0]).toMatchObject({ outcome: 'applied', earn: { outcome: 'honoured', tillPoints: earn.total, ledgerPoints: ledgerOwn.total } });
    expect(reply.body.results[0].balance.points).toBe(10 + earn.total);
  });

  it('takes back each line of a bill at most once, and only what the ledger applied to it', async () => {
    await t.addMembers([{ memberId: 'returns' }]);
    const { earn, intent } = accrual('returns', { tier: 'silver', visits: 0, qualifyingPoints: 0, promotionPoints: {} });
    await t.post('/v1/push', pushBody('T1', 'S1', [intent as never]), key);
    const make = intentMaker('T1', 'S1');
    const l2 = earn.lines[1]!.points;
    const first = { ...make.reverse('returns', intent.intentId, l2), lineIds: ['L2'] };
    const again = { ...make.reverse('returns', intent.intentId, l2), lineIds: ['L2'] };
    const tooMuch = { ...make.reverse('returns', intent.intentId, earn.lines[0]!.points + 1), lineIds: ['L1'] };
    const reply = await t.post('/v1/push', pushBody('T1', 'S1', [first, again, tooMuch] as never), key);
    expect(reply.body.results.map((r: { outcome: string; reason?: string }) => r.reason ?? r.outcome)).toEqual([
      'applied', 'reversal_exceeds_original', 'reversal_exceeds_original',
    ]);
    expect(reply.body.results[0].balance.points).toBe(earn.total - l2);
  });

  it('takes a tier back down as old points leave the qualifying window', async () => {
    const make = intentMaker('T1', 'S1');
    const lookup = async () => (await t.get('/v1/members/lookup?memberId=lapsed', key)).body.member;
    const old = { ...make.accrue('lapsed', 2_500), occurredAt: new Date(Date.now() - 400 * 86_400_000).toISOString() };
    await t.post('/v1/push', pushBody('T1', 'S1', [old]), key);
    expect(await lookup()).toMatchObject({ tier: 'silver', qualifyingPoints: 0, visits: 1 });
    await t.post('/v1/push', pushBody('T1', 'S1', [make.accrue('lapsed', 2_500)]), key);
    expect(await lookup()).toMatchObject({ tier: 'gold', qualifyingPoints: 2_500, visits: 2, balance: { points: 5_000 } });
  });
});

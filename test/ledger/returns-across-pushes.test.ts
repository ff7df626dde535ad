import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';
import { promotionUsage, publishRuleset, ruledAccrual, rulesetWithPromotions } from './support/ruled-accrual.js';

const ruleset = rulesetWithPromotions();

describe.each(DATABASES)('a bill line is returned at most once, across pushes (%s)', (kind) => {
  let t: TestLedger;
  let key: string;
  beforeAll(async () => {
    t = await startTestLedger(kind);
    key = await t.addTerminal('T1', 'S1');
    await t.addMembers([{ memberId: 'twice' }]);
    await publishRuleset(t, ruleset);
  });
  afterAll(() => t.close());

  const push = async (intents: unknown[]) => {
    const reply = await t.post('/v1/push', pushBody('T1', 'S1', intents as never), key);
    if (reply.status !== 200) throw new Error(`push: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  const balance = async (memberId: string) => (await t.get(`/v1/members/lookup?memberId=${memberId}`, key)).body.member.balance.points;

  it('refuses a second return of the same line sent in a later push, and moves the balance and promotion usage once', async () => {
    const make = intentMaker('T1', 'S1');
    const { earn, intent, pointsOf } = ruledAccrual(ruleset, make, 'twice');
    expect((await push([intent])).results[0]).toMatchObject({ outcome: 'applied', earn: { outcome: 'honoured' } });
    const usageAfterBill = await promotionUsage(t, 'twice');
    expect(usageAfterBill.get('launch')).toBeGreaterThan(0);

    const first = await push([{ ...make.reverse('twice', intent.intentId, pointsOf('L1')), lineIds: ['L1'] }]);
    expect(first.results[0]).toMatchObject({ outcome: 'applied' });
    const usageAfterReturn = await promotionUsage(t, 'twice');
    expect(usageAfterReturn.get('launch')).toBeLessThan(usageAfterBill.get('launch')!);

    const again = await push([{ ...make.reverse('twice', intent.intentId, pointsOf('L1')), lineIds: ['L1'] }]);
    expect(again.results[0]).toMatchObject({ outcome: 'rejected', reason: 'reversal_exceeds_original' });
    expect(await balance('twice')).toBe(earn.total - pointsOf('L1'));
    expect(await promotionUsage(t, 'twice')).toEqual(usageAfterReturn);

    // The other line is still there to return, once.
    const other = await push([{ ...make.reverse('twice', intent.intentId, pointsOf('L2')), lineIds: ['L2'] }]);
    expect(other.results[0]).toMatchObject({ outcome: 'applied' });
    expect(await balance('twice')).toBe(0);
    const tb = await t.get('/v1/admin/trial-balance', t.adminKey);
    expect(tb.body).toMatchObject({ total: 0, mismatchedMembers: [] });
  });
});

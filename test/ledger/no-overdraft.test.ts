import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

describe.each(DATABASES)('per-member order and no overdraft (%s)', (kind) => {
  let t: TestLedger;
  const keys: string[] = [];
  beforeAll(async () => {
    t = await startTestLedger(kind);
    for (let i = 0; i < 10; i++) keys.push(await t.addTerminal(`T${i}`, `S${i % 3}`));
    await t.addMembers([
      { memberId: 'shared', openingPoints: 1000 },
      { memberId: 'a', openingPoints: 500 },
      { memberId: 'b', openingPoints: 500 },
    ]);
  });
  afterAll(() => t.close());

  it('lets 50 concurrent redemptions from 10 tills spend only what the member has', async () => {
    const makers = keys.map((_, i) => intentMaker(`T${i}`, `S${i % 3}`));
    const pushes = Array.from({ length: 50 }, (_, n) => {
      const i = n % 10;
      return t.post('/v1/push', pushBody(`T${i}`, `S${i % 3}`, [makers[i]!.redeem('shared', 30)]), keys[i]!);
    });
    const replies = await Promise.all(pushes);
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const results = replies.map((r) => r.body.results[0]);
    const applied = results.filter((r) => r.outcome === 'applied');
    const rejected = results.filter((r) => r.outcome === 'rejected');
    expect(applied).toHaveLength(33); // 33 x 30 = 990 of 1000
    expect(rejected).toHaveLength(17);
    expect(rejected.every((r) => r.reason === 'insufficient_points')).toBe(true);
    // Each applied redemption saw a distinct version: they were serialised.
    const versions = applied.map((r) => r.balance.version).sort((x, y) => x - y);
    expect(new Set(versions).size).toBe(33);
    expect(applied.every((r) => r.balance.points >= 0)).toBe(true);

    const member = (await t.get('/v1/members/lookup?memberId=shared', keys[0]!)).body.member;
    expect(member.balance.points).toBe(10);
    const tb = (await t.get('/v1/admin/trial-balance', t.adminKey)).body;
    expect(tb.total).toBe(0);
    expect(tb.mismatchedMembers).toEqual([]);
  });

  it('does not deadlock when batches lock the same members in opposite orders', async () => {
    const m0 = intentMaker('T0', 'S0');
    const m1 = intentMaker('T1', 'S1');
    const pushes = [];
    for (let n = 0; n < 20; n++) {
      pushes.push(t.post('/v1/push', pushBody('T0', 'S0', [m0.redeem('a', 1), m0.accrue('b', 1)]), keys[0]!));
      pushes.push(t.post('/v1/push', pushBody('T1', 'S1', [m1.redeem('b', 1), m1.accrue('a', 1)]), keys[1]!));
    }
    const replies = await Promise.all(pushes);
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    expect(replies.flatMap((r) => r.body.results.map((x: any) => x.outcome))).not.toContain('rejected');
    const a = (await t.get('/v1/members/lookup?memberId=a', keys[0]!)).body.member.balance;
    const b = (await t.get('/v1/members/lookup?memberId=b', keys[0]!)).body.member.balance;
    expect([a.points, b.points]).toEqual([500, 500]);
    expect([a.version, b.version]).toEqual([41, 41]);
  });
});

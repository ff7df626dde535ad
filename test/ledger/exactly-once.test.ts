import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

describe.each(DATABASES)('exactly once (%s)', (kind) => {
  let t: TestLedger;
  let key: string;
  beforeAll(async () => {
    t = await startTestLedger(kind);
    key = await t.addTerminal('T1', 'S1');
    await t.addMembers([
      { memberId: 'retry', openingPoints: 100 },
      { memberId: 'race', openingPoints: 100 },
      { memberId: 'conflict', openingPoints: 100 },
      { memberId: 'same-batch', openingPoints: 0 },
    ]);
  });
  afterAll(() => t.close());

  const balance = async (memberId: string) =>
    (await t.get(`/v1/members/lookup?memberId=${memberId}`, key)).body.member.balance;

  it('answers a retried batch with the stored outcomes and applies nothing again', async () => {
    const make = intentMaker('T1', 'S1');
    const batch = [make.accrue('retry', 40), make.redeem('retry', 500), make.redeem('retry', 30)];
    const first = await t.post('/v1/push', pushBody('T1', 'S1', batch), key);
    expect(first.body.results.map((r: any) => r.outcome)).toEqual(['applied', 'rejected', 'applied']);
    expect(first.body.results[1].reason).toBe('insufficient_points');

    // The answer was "lost": the till sends the same batch again, twice.
    for (let i = 0; i < 2; i++) {
      const again = await t.post('/v1/push', pushBody('T1', 'S1', batch), key);
      expect(again.status).toBe(200);
      expect(again.body.results.map((r: any) => r.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate']);
      expect(again.body.results.map((r: any) => r.original)).toEqual(first.body.results);
    }
    expect((await balance('retry')).points).toBe(110);
  });

  it('applies an intent once when the same batch arrives on many connections at once', async () => {
    const make = intentMaker('T1', 'S1');
    const batch = [make.accrue('race', 10), make.redeem('race', 60), make.accrue('race', 5)];
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => t.post('/v1/push', pushBody('T1', 'S1', batch), key)),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    for (let i = 0; i < batch.length; i++) {
      const outcomes = replies.map((r) => r.body.results[i].outcome);
      expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(19);
    }
    expect((await balance('race')).points).toBe(100 + 10 - 60 + 5);
    expect(await t.count('journal')).toBeGreaterThan(0);
    const tb = await t.get('/v1/admin/trial-balance', t.adminKey);
    expect(tb.body.total).toBe(0);
    expect(tb.body.mismatchedMembers).toEqual([]);
  });

  it('refuses an intent id reused for different content and applies nothing', async () => {
    const make = intentMaker('T1', 'S1');
    const original = make.redeem('conflict', 10);
    await t.post('/v1/push', pushBody('T1', 'S1', [original]), key);
    const before = await balance('conflict');
    const journalBefore = await t.count('journal');

    const tampered = { ...original, points: 90 };
    const reply = await t.post('/v1/push', pushBody('T1', 'S1', [tampered]), key);
    expect(reply.body.results[0]).toMatchObject({ outcome: 'rejected', reason: 'intent_conflict' });
    expect(await balance('conflict')).toEqual(before);
    expect(await t.count('journal')).toBe(journalBefore);

    // The original is still answered as itself.
    const retry = await t.post('/v1/push', pushBody('T1', 'S1', [original]), key);
    expect(retry.body.results[0]).toMatchObject({ outcome: 'duplicate', original: { outcome: 'applied' } });
  });

  it('treats a repeat inside one batch as a duplicate of the first', async () => {
    const make = intentMaker('T1', 'S1');
    const accrual = make.accrue('same-batch', 25);
    const repeat = { ...accrual, seq: accrual.seq + 1 };
    const reply = await t.post('/v1/push', pushBody('T1', 'S1', [accrual, repeat]), key);
    // The seq differs, so the content differs: the id is taken, the repeat is refused.
    expect(reply.body.results.map((r: any) => r.outcome)).toEqual(['applied', 'rejected']);
    expect(reply.body.results[1].reason).toBe('intent_conflict');
    expect((await balance('same-batch')).points).toBe(25);
  });
});

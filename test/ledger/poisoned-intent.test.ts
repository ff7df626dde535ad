import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushRequestV1Schema, type IntentV1 } from '../../src/protocol/index.js';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

describe.each(DATABASES)('one poisoned intent never blocks a till (%s)', (kind) => {
  let t: TestLedger;
  let key: string;
  beforeAll(async () => {
    t = await startTestLedger(kind);
    key = await t.addTerminal('T1', 'S1');
    await t.addMembers([{ memberId: 'M1', openingPoints: 100 }]);
  });
  afterAll(() => t.close());

  const outcomes = (body: { results: { outcome: string; reason?: string }[] }) => body.results.map((r) => r.reason ?? r.outcome);

  it('applies the good intents of a batch around a malformed one, and refuses only that one', async () => {
    const make = intentMaker('T1', 'S1');
    const good1 = make.accrue('M1', 10);
    const poison = { ...make.redeem('M1', 5), points: -5 };
    const good2 = make.accrue('M1', 20);
    const batch = pushBody('T1', 'S1', [good1, poison, good2]);
    expect(pushRequestV1Schema.safeParse(batch).success).toBe(false); // the strict form an SDK checks with

    const first = await t.post('/v1/push', batch, key);
    expect(first.status).toBe(200);
    expect(outcomes(first.body)).toEqual(['applied', 'invalid_intent', 'applied']);
    expect(first.body.results[1]).toMatchObject({ intentId: poison.intentId, message: expect.stringContaining('points') });
    expect(first.body.results[2].balance.points).toBe(130);

    const retry = await t.post('/v1/push', batch, key);
    expect(outcomes(retry.body)).toEqual(['duplicate', 'invalid_intent', 'duplicate']);
    expect(retry.body.results[0].original).toEqual(first.body.results[0]);

    // Nothing was stored for the malformed intent: the same id, corrected, is applied normally.
    const corrected = await t.post('/v1/push', pushBody('T1', 'S1', [{ ...poison, points: 5, seq: good2.seq + 1 } as IntentV1]), key);
    expect(outcomes(corrected.body)).toEqual(['applied']);
    expect(corrected.body.results[0].balance.points).toBe(125);
    const tb = await t.get('/v1/admin/trial-balance', t.adminKey);
    expect(tb.body).toMatchObject({ total: 0, mismatchedMembers: [] });
  });

  it('still refuses the whole batch when an item has no intent id to answer with, applying nothing', async () => {
    const make = intentMaker('T1', 'S1');
    const before = await t.count('intents');
    const { intentId: _gone, ...noId } = make.accrue('M1', 1);
    const reply = await t.post('/v1/push', pushBody('T1', 'S1', [make.accrue('M1', 1), noId as never]), key);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'invalid_request', issues: [expect.objectContaining({ path: ['intents', 1, 'intentId'] })] });
    expect(await t.count('intents')).toBe(before);
  });
});

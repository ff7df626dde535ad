import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

describe.each(DATABASES)('bad input gets a typed 4xx and changes nothing (%s)', (kind) => {
  let t: TestLedger;
  let key: string;
  beforeAll(async () => {
    t = await startTestLedger(kind, { maxBodyBytes: 64 * 1024 });
    key = await t.addTerminal('T1', 'S1');
    await t.addMembers([{ memberId: 'M1', cardNumber: 'CARD0001', phone: '98765 43210', openingPoints: 100 }]);
  });
  afterAll(() => t.close());

  const valid = () => intentMaker('T1', 'S1').accrue('M1', 10);
  const withPoints = (points: unknown) => pushBody('T1', 'S1', [{ ...valid(), points } as never]);

  // The envelope, or an item without a readable intent id: the whole push is refused.
  const cases: [string, () => unknown, number, string][] = [
    ['malformed JSON', () => '{"protocol": "v1", "intents": [', 400, 'invalid_json'],
    ['a body that is not an object', () => '[1,2,3]', 400, 'invalid_request'],
    ['a wrong protocol version', () => ({ ...pushBody('T1', 'S1', [valid()]), protocol: 'v2' }), 400, 'invalid_request'],
    ['NaN points (not JSON)', () => JSON.stringify(withPoints(1)).replace('"points":1', '"points":NaN'), 400, 'invalid_json'],
    ['a bad intent id', () => pushBody('T1', 'S1', [{ ...valid(), intentId: 'not-a-ulid' }]), 400, 'invalid_request'],
    ['an intent that is not an object', () => pushBody('T1', 'S1', ['accrue' as never]), 400, 'invalid_request'],
    ['an empty batch', () => pushBody('T1', 'S1', []), 400, 'invalid_request'],
    ['seq out of order', () => {
      const make = intentMaker('T1', 'S1');
      const a = make.accrue('M1', 1);
      const b = make.accrue('M1', 1);
      return pushBody('T1', 'S1', [b, a]);
    }, 400, 'invalid_request'],
    ['an oversized body', () => JSON.stringify({ ...pushBody('T1', 'S1', [valid()]), pad: 'x'.repeat(70 * 1024) }), 413, 'body_too_large'],
  ];

  // One malformed intent is refused on its own (`invalid_intent`), stored nowhere.
  const intentCases: [string, () => unknown][] = [
    ['negative points', () => withPoints(-5)],
    ['a redemption of zero points', () => pushBody('T1', 'S1', [{ ...intentMaker('T1', 'S1').redeem('M1', 1), points: 0 } as never])],
    ['fractional points', () => withPoints(1.5)],
    ['points as a string', () => withPoints('10')],
    ['points of 2^31', () => withPoints(2 ** 31)],
    ['points as null (NaN after JSON.stringify)', () => withPoints(Number.NaN)],
    ['an unknown intent kind', () => pushBody('T1', 'S1', [{ ...valid(), kind: 'gift' } as never])],
    ['an unknown field', () => pushBody('T1', 'S1', [{ ...valid(), bonus: 1 } as never])],
    ['paise as a float', () => pushBody('T1', 'S1', [{ ...valid(), bill: { billId: 'B1', amountPaise: 99.5 } } as never])],
    ['a bad timestamp', () => pushBody('T1', 'S1', [{ ...valid(), occurredAt: 'yesterday' }])],
  ];

  it.each(intentCases)('refuses an intent with %s on its own, storing nothing', async (_name, body) => {
    const before = [await t.count('intents'), await t.count('journal')];
    const reply = await t.post('/v1/push', body(), key);
    expect(reply.status).toBe(200);
    expect(reply.body.results).toEqual([expect.objectContaining({ outcome: 'rejected', reason: 'invalid_intent', message: expect.any(String) })]);
    expect([await t.count('intents'), await t.count('journal')]).toEqual(before);
  });

  it.each(cases)('refuses %s', async (_name, body, status, code) => {
    const before = [await t.count('intents'), await t.count('journal')];
    const reply = await t.post('/v1/push', body(), key);
    expect(reply.status).toBe(status);
    expect(reply.body.error.code).toBe(code);
    expect(typeof reply.body.error.message).toBe('string');
    expect([await t.count('intents'), await t.count('journal')]).toEqual(before);
  });

  it('lists every validation issue with its path', async () => {
    const reply = await t.post('/v1/push', { ...withPoints(1), protocol: 'v2' }, key);
    expect(reply.body.error.issues).toContainEqual(expect.objectContaining({ path: ['protocol'] }));
    const intent = await t.post('/v1/push', withPoints(-1), key);
    expect(intent.body.results[0].message).toContain('points');
  });

  it('refuses a body that is not JSON by content type', async () => {
    const res = await fetch(`${t.url}/v1/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/plain' },
      body: JSON.stringify(pushBody('T1', 'S1', [valid()])),
    });
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('unsupported_media_type');
    expect(await t.count('intents')).toBe(1); // only the opening balance
  });

  it('answers an unknown member as a rejection of that intent only', async () => {
    const make = intentMaker('T1', 'S1');
    const reply = await t.post('/v1/push', pushBody('T1', 'S1', [make.accrue('GHOST', 5), make.accrue('M1', 5)]), key);
    expect(reply.status).toBe(200);
    expect(reply.body.results[0]).toMatchObject({ outcome: 'rejected', reason: 'unknown_member' });
    expect(reply.body.results[0].balance).toBeUndefined();
    expect(reply.body.results[1].outcome).toBe('applied');
    expect(await t.count('members')).toBe(1);
  });

  it('answers unknown members, routes and methods with 404/405 and a code', async () => {
    expect((await t.get('/v1/members/lookup?memberId=GHOST', key)).body.error.code).toBe('member_not_found');
    expect((await t.get('/v1/members/lookup?card=CARD9999', key)).status).toBe(404);
    expect((await t.get('/v1/members/lookup?memberId=M1&card=CARD0001', key)).status).toBe(400);
    expect((await t.get('/v1/members/lookup', key)).status).toBe(400);
    expect((await t.get('/v1/nothing-here', key)).body.error.code).toBe('not_found');
    const wrong = await t.get('/v1/push', key);
    expect(wrong.status).toBe(405);
    expect(wrong.body.error.code).toBe('method_not_allowed');
  });

  it('refuses a pull cursor it did not issue', async () => {
    for (const cursor of ['garbage', Buffer.from('{"from":"1; DROP TABLE members"}').toString('base64url')]) {
      const r = await t.post('/v1/pull', { protocol: 'v1', terminalId: 'T1', storeId: 'S1', cursor, memberIds: ['M1'] }, key);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_cursor');
    }
  });

  it('refuses duplicate members, cards and phones, enrolling none of the batch', async () => {
    const before = await t.count('members');
    const cases: [unknown[], string][] = [
      [[{ memberId: 'N1' }, { memberId: 'M1' }], 'member_exists'],
      [[{ memberId: 'N1', cardNumber: 'CARD0001' }], 'card_in_use'],
      [[{ memberId: 'N1', phone: '+91 98765-43210' }], 'phone_in_use'],
      [[{ memberId: 'N1', phone: '12345' }], 'invalid_request'],
      [[{ memberId: 'N1' }, { memberId: 'N1' }], 'member_exists'],
    ];
    for (const [members, code] of cases) {
      const r = await t.post('/v1/admin/members', { protocol: 'v1', members }, t.adminKey);
      expect(r.body.error.code).toBe(code);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
    expect(await t.count('members')).toBe(before);
  });
});

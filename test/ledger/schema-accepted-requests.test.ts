import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerHandler } from '../../src/ledger/http/ledger-server.js';
import { createNodeServer } from '../../src/ledger/http/node-listener.js';
import { openPgliteDatabase } from '../../src/ledger/sql/pglite-database.js';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';
import { promotionUsage, publishRuleset, ruledAccrual, rulesetWithPromotions } from './support/ruled-accrual.js';

const outcomes = (body: { results: { outcome: string; reason?: string }[] }) => body.results.map((r) => r.reason ?? r.outcome);

describe.each(DATABASES)('requests the schema accepts never get a 500 (%s)', (kind) => {
  let t: TestLedger;
  let key: string;
  const ruleset = rulesetWithPromotions();
  beforeAll(async () => {
    t = await startTestLedger(kind);
    key = await t.addTerminal('T1', 'S1');
    await t.addMembers([{ memberId: 'M1' }, { memberId: 'M2' }]);
    await publishRuleset(t, ruleset);
  });
  afterAll(() => t.close());

  const push = (intents: unknown[]) => t.post('/v1/push', pushBody('T1', 'S1', intents as never), key);

  it('refuses a return naming one line twice, as a rejection of that intent only', async () => {
    const make = intentMaker('T1', 'S1');
    const { intent, pointsOf } = ruledAccrual(ruleset, make, 'M1', ['L1', 'L2', 'L3']);
    expect(outcomes((await push([intent])).body)).toEqual(['applied']);
    const twice = { ...make.reverse('M1', intent.intentId, pointsOf('L1')), lineIds: ['L1', 'L1'] };
    const reply = await push([twice, make.accrue('M2', 5)]);
    expect(reply.status).toBe(200);
    expect(outcomes(reply.body)).toEqual(['reversal_exceeds_original', 'applied']);
    expect(reply.body.results[0].message).toContain('named twice');
  });

  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty'])('refuses a return of a line called %s that is not on the bill', async (lineId) => {
    const make = intentMaker('T1', 'S1');
    const { intent } = ruledAccrual(ruleset, make, 'M2');
    await push([{ ...intent, bill: { ...intent.bill, billId: `B-${lineId}` } }]);
    const reply = await push([{ ...make.reverse('M2', intent.intentId, 1), lineIds: [lineId] }]);
    expect(reply.status).toBe(200);
    expect(outcomes(reply.body)).toEqual(['reversal_exceeds_original']);
  });

  it.each([
    ['year 0000', '0000-06-01T00:00:00Z'],
    ['an offset of +16:00', '2026-11-10T06:00:00+16:00'],
    ['a UTC instant past 9999-12-31', '9999-12-31T23:00:00-05:00'],
  ])('refuses a timestamp with %s, in a push and in an admin request', async (_name, instant) => {
    const before = await t.count('intents');
    const reply = await push([{ ...intentMaker('T1', 'S1').accrue('M1', 1), occurredAt: instant }]);
    expect(reply.status).toBe(200);
    expect(outcomes(reply.body)).toEqual(['invalid_intent']);
    expect(await t.count('intents')).toBe(before);
    const admin = await t.post('/v1/admin/rulesets', { protocol: 'v1', ruleset: { ...ruleset, version: 2 }, effectiveFrom: instant }, t.adminKey);
    expect(admin.status).toBe(400);
    expect(admin.body.error.code).toBe('invalid_request');
  });

  it('refuses an admin adjustment whose ULID time is past the year 9999 with a 400', async () => {
    const before = await t.count('intents');
    const adjustment = { intentId: '7ZZZZZZZZZZZZZZZZZZZZZZZZZ', memberId: 'M1', points: 5, reason: 'goodwill', approvedBy: 'ops' };
    const reply = await t.post('/v1/admin/adjustments', { protocol: 'v1', adjustments: [adjustment] }, t.adminKey);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'invalid_request', issues: [expect.objectContaining({ path: ['adjustments', 0, 'intentId'] })] });
    expect(await t.count('intents')).toBe(before);
  });

  it('refuses a pull cursor whose transaction id does not fit 64 bits with invalid_cursor', async () => {
    for (const from of ['18446744073709551616', '99999999999999999999']) {
      const cursor = Buffer.from(JSON.stringify({ from })).toString('base64url');
      const reply = await t.post('/v1/pull', { protocol: 'v1', terminalId: 'T1', storeId: 'S1', cursor, memberIds: ['M1'] }, key);
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('invalid_cursor');
    }
    const largest = Buffer.from(JSON.stringify({ from: '18446744073709551615' })).toString('base64url');
    expect((await t.post('/v1/pull', { protocol: 'v1', terminalId: 'T1', storeId: 'S1', cursor: largest, memberIds: ['M1'] }, key)).status).toBe(200);
  });
});

describe.each(DATABASES)('brand ids that every JavaScript object "has" are ordinary ids (%s)', (kind) => {
  let t: TestLedger;
  let key: string;
  const ruleset = rulesetWithPromotions(['constructor', 'toString']);
  beforeAll(async () => {
    t = await startTestLedger(kind);
    key = await t.addTerminal('T1', 'S1');
    await t.addMembers([{ memberId: 'M1' }]);
    await publishRuleset(t, ruleset);
  });
  afterAll(() => t.close());

  const push = (intents: unknown[]) => t.post('/v1/push', pushBody('T1', 'S1', intents as never), key);

  it('earns and returns lines and promotions called constructor and toString, and counts their caps as numbers', async () => {
    const make = intentMaker('T1', 'S1');
    const { earn, intent, pointsOf } = ruledAccrual(ruleset, make, 'M1', ['constructor', 'toString']);
    const first = await push([intent]);
    expect(first.status).toBe(200);
    expect(first.body.results[0]).toMatchObject({ outcome: 'applied', earn: { outcome: 'honoured' }, balance: { points: earn.total } });
    const usage = await promotionUsage(t, 'M1');
    expect(usage.get('constructor')).toBeGreaterThan(0);
    expect(usage.get('toString')).toBe(40);

    const back = await push([{ ...make.reverse('M1', intent.intentId, pointsOf('constructor')), lineIds: ['constructor'] }]);
    expect(outcomes(back.body)).toEqual(['applied']);
    const after = await promotionUsage(t, 'M1');
    expect(after.get('constructor')).toBeLessThan(usage.get('constructor')!);
    expect(typeof after.get('toString')).toBe('number');

    // A second bill sees the member's promotion usage as numbers, and a snapshot naming __proto__ is just data.
    const second = ruledAccrual(ruleset, make, 'M1', ['L1']);
    const bill = { ...second.intent, bill: { ...second.intent.bill, billId: 'B-second' }, memberSnapshot: { ...second.intent.memberSnapshot, promotionPoints: JSON.parse('{"__proto__": 3}') } };
    const reply = await push([bill]);
    expect(reply.status).toBe(200);
    expect(reply.body.results[0].outcome).toBe('applied');
    const lookup = await t.get('/v1/members/lookup?memberId=M1', key);
    expect(lookup.status).toBe(200);
    const tb = await t.get('/v1/admin/trial-balance', t.adminKey);
    expect(tb.body).toMatchObject({ total: 0, mismatchedMembers: [] });
  });
});

describe('a value the database refuses is the request\'s fault', () => {
  it('answers a data exception (SQLSTATE class 22) with 400 invalid_request, and still reports it', async () => {
    const db = await openPgliteDatabase();
    // A real data exception from a real database, raised where the health check asks it.
    // (Without a ping, so the health check asks with SELECT 1.)
    const { ping: _ping, ...withoutPing } = db;
    const refusing = { ...withoutPing, kind: db.kind, query: (sql: string, params?: readonly unknown[]) => db.query(sql === 'SELECT 1' ? 'SELECT 1/0' : sql, params) } as typeof db;
    const reported: unknown[] = [];
    const handler = createLedgerHandler({ db: refusing, maxBodyBytes: 4096, now: () => new Date(), rulesGraceMs: 0, limits: {}, corsOrigins: '*', onError: (e) => reported.push(e) });
    const server = createNodeServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/health`);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toEqual({ code: 'invalid_request', message: 'invalid request: a value is out of range' });
      expect(reported).toEqual([expect.objectContaining({ code: '22012' })]);
    } finally {
      server.close();
      await db.close();
    }
  });
});

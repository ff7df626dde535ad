import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIN_LOCKOUT_MS, PIN_MAX_FAILURES } from '../../src/ledger/managers/pin-throttle.js';
import { DATABASES, TEST_MANAGER, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

const outcome = (r: { outcome: string; reason?: string }) => r.reason ?? r.outcome;

describe.each(DATABASES)('a till adjusts points only with a manager (%s)', (kind) => {
  let t: TestLedger;
  let key: string;
  let clock = Date.now();
  beforeAll(async () => {
    t = await startTestLedger(kind, { now: () => new Date(clock) });
    key = await t.addTerminal('T1', 'S1');
    await t.addTerminal('T2', 'S2');
    await t.addManager('S1');
    await t.addManager('S2', 'boss-2', '135790');
    await t.addMembers([{ memberId: 'asha', openingPoints: 100 }, { memberId: 'ravi' }, { memberId: 'lock' }]);
  });
  afterAll(() => t.close());

  const push = async (...intents: unknown[]) => (await t.post('/v1/push', pushBody('T1', 'S1', intents as never), key)).body.results;

  it('refuses an adjustment without an approval, with an unknown manager, another store\'s manager or a wrong PIN', async () => {
    const make = intentMaker('T1', 'S1');
    const results = await push(
      make.adjust('asha', 50, null),
      make.adjust('asha', 50, { managerId: 'nobody', pin: '123456' }),
      make.adjust('asha', 50, { managerId: 'boss-2', pin: '135790' }),
      make.adjust('asha', 50, { managerId: TEST_MANAGER.managerId, pin: '999999' }),
    );
    expect(results.map(outcome)).toEqual(['manager_approval_required', 'manager_approval_invalid', 'manager_approval_invalid', 'manager_approval_invalid']);
    expect(results[3].message).toContain('wrong PIN');
    expect(results[3].balance.points).toBe(100);
  });

  it("applies an adjustment its store's manager approved, and never stores or echoes the PIN", async () => {
    const make = intentMaker('T1', 'S1');
    const approved = make.adjust('asha', 25);
    const [result] = await push(approved);
    expect(result).toMatchObject({ outcome: 'applied', balance: { points: 125 } });
    expect(JSON.stringify(result)).not.toContain(TEST_MANAGER.pin);
    const rows = await t.ledger.database.query(`SELECT body::text AS body, result::text AS result FROM intents WHERE intent_id = $1`, [approved.intentId]);
    expect(JSON.parse(String(rows[0]!.body)).approval).toEqual({ managerId: TEST_MANAGER.managerId });
    expect(String(rows[0]!.body) + String(rows[0]!.result)).not.toContain(TEST_MANAGER.pin);
    const managers = await t.ledger.database.query(`SELECT pin_hash FROM managers`);
    for (const m of managers) expect(String(m.pin_hash)).toMatch(/^scrypt\$/);
    expect(JSON.stringify(managers)).not.toContain(TEST_MANAGER.pin);
  });

  it('answers a retry of an approved adjustment as a duplicate, whatever PIN it carries, and counts no wrong try', async () => {
    const make = intentMaker('T1', 'S1');
    const approved = make.adjust('ravi', 40);
    const [first] = await push(approved);
    const failures = async () =>
      Number((await t.ledger.database.query(`SELECT failures FROM managers WHERE manager_id = $1`, [TEST_MANAGER.managerId]))[0]!.failures);
    const before = await failures();
    const again = [...(await push(approved)), ...(await push({ ...approved, approval: { managerId: TEST_MANAGER.managerId, pin: '000000' } }))];
    expect(again.map((r: { outcome: string }) => r.outcome)).toEqual(['duplicate', 'duplicate']);
    expect(again[0].original).toEqual(first);
    expect(await failures()).toBe(before);
  });

  it('locks a manager after too many wrong PINs, even against the right one, until the lockout ends', async () => {
    await t.addManager('S1', 'night', '112233');
    const make = intentMaker('T1', 'S1');
    const wrong = Array.from({ length: PIN_MAX_FAILURES }, (_, i) => make.adjust('lock', 1, { managerId: 'night', pin: `00000${i}` }));
    const results = await push(...wrong, make.adjust('lock', 1, { managerId: 'night', pin: '112233' }));
    expect(results.map(outcome)).toEqual([...wrong.map(() => 'manager_approval_invalid'), 'manager_locked']);
    expect(results[PIN_MAX_FAILURES - 1].message).toContain('locked until');

    clock += PIN_LOCKOUT_MS - 1_000;
    expect(outcome((await push(make.adjust('lock', 1, { managerId: 'night', pin: '112233' })))[0])).toBe('manager_locked');
    clock += 2_000;
    expect((await push(make.adjust('lock', 1, { managerId: 'night', pin: '112233' })))[0]).toMatchObject({ outcome: 'applied', balance: { points: 1 } });
  });

  it('lets an admin unlock a manager by registering the PIN again, and revoke a manager at once', async () => {
    await t.addManager('S1', 'day', '445566');
    const make = intentMaker('T1', 'S1');
    await push(...Array.from({ length: PIN_MAX_FAILURES }, () => make.adjust('lock', 1, { managerId: 'day', pin: '000000' })));
    expect(outcome((await push(make.adjust('lock', 1, { managerId: 'day', pin: '445566' })))[0])).toBe('manager_locked');
    await t.addManager('S1', 'day', '778899');
    expect(outcome((await push(make.adjust('lock', 1, { managerId: 'day', pin: '445566' })))[0])).toBe('manager_approval_invalid');
    expect(outcome((await push(make.adjust('lock', 1, { managerId: 'day', pin: '778899' })))[0])).toBe('applied');
    const revoked = await t.post('/v1/admin/managers/S1/day/revoke', {}, t.adminKey);
    expect(revoked).toMatchObject({ status: 200, body: { revoked: true } });
    expect(outcome((await push(make.adjust('lock', 1, { managerId: 'day', pin: '778899' })))[0])).toBe('manager_approval_invalid');
    expect((await t.post('/v1/admin/managers/S1/nobody/revoke', {}, t.adminKey)).status).toBe(404);
  });

  it('refuses a PIN of fewer than 6 digits, and a manager registration by a till', async () => {
    expect((await t.post('/v1/admin/managers', { protocol: 'v1', storeId: 'S1', managerId: 'x', pin: '12345' }, t.adminKey)).body.error.code).toBe('invalid_request');
    expect((await t.post('/v1/admin/managers', { protocol: 'v1', storeId: 'S1', managerId: 'x', pin: '123456' }, key)).status).toBe(403);
  });

  it("applies the loyalty team's own adjustments without a PIN", async () => {
    const reply = await t.post(
      '/v1/admin/adjustments',
      { protocol: 'v1', adjustments: [{ intentId: '01JD0000000000000000000009', memberId: 'ravi', points: 5, reason: 'goodwill', approvedBy: 'crm' }] },
      t.adminKey,
    );
    expect(reply.body.results[0]).toMatchObject({ outcome: 'applied', balance: { points: 45 } });
  });
});

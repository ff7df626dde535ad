import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, GENEROUS_LIMITS, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

const outcome = (r: { outcome: string; reason?: string }) => r.reason ?? r.outcome;
const MINUTE = 60_000;
// Bills dated in the past, so no clock rule moves them: B0 and minutes after it.
const B0 = Date.now() - 30 * 60 * MINUTE;
const at = (minutes: number) => new Date(B0 + minutes * MINUTE).toISOString();

describe.each(DATABASES)('the ledger enforces limits on tills (%s)', (kind) => {
  let t: TestLedger;
  const keys: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestLedger(kind, {
      limits: { ...GENEROUS_LIMITS, pointsPerBill: 500, terminalPointsPerHour: 1_000, terminalPointsPerDay: 2_000, memberRedemptionsPerDay: 2 },
    });
    for (const [terminal, store] of [['T-bill', 'S1'], ['T-hour', 'S1'], ['T-day', 'S1'], ['T-redeem', 'S1'], ['T-free', 'S-free'], ['T-adjust', 'S1'], ['T-race', 'S1']]) {
      keys[terminal!] = await t.addTerminal(terminal!, store!);
    }
    await t.addManager('S1');
    await t.addMembers([
      { memberId: 'm-bill' }, { memberId: 'm-hour' }, { memberId: 'm-day' }, { memberId: 'm-redeem', openingPoints: 100 },
      { memberId: 'm-free' }, { memberId: 'm-adjust' }, { memberId: 'm-race' },
    ]);
  });
  afterAll(() => t.close());

  const push = async (terminal: string, store: string, intents: unknown[]) =>
    (await t.post('/v1/push', pushBody(terminal, store, intents as never), keys[terminal]!)).body.results;
  const accrue = (make: ReturnType<typeof intentMaker>, memberId: string, points: number, minutes: number) => ({
    ...make.accrue(memberId, points),
    occurredAt: at(minutes),
  });

  it('refuses a bill worth more than the points-per-bill limit, naming the limit and the numbers', async () => {
    const make = intentMaker('T-bill', 'S1');
    const results = await push('T-bill', 'S1', [accrue(make, 'm-bill', 500, 0), accrue(make, 'm-bill', 501, 1)]);
    expect(results.map(outcome)).toEqual(['applied', 'limit_exceeded']);
    expect(results[1].message).toBe('pointsPerBill: the bill earns 501 points, the limit is 500');
  });

  it('counts two bills of one batch against the hourly limit of their terminal, by bill time', async () => {
    const make = intentMaker('T-hour', 'S1');
    const results = await push('T-hour', 'S1', [
      accrue(make, 'm-hour', 500, 0),
      accrue(make, 'm-hour', 400, 10),
      accrue(make, 'm-hour', 200, 59), // 1,100 in the hour up to it
      accrue(make, 'm-hour', 100, 59),
      accrue(make, 'm-hour', 500, 61), // the first bill has left the hour
    ]);
    expect(results.map(outcome)).toEqual(['applied', 'applied', 'limit_exceeded', 'applied', 'applied']);
    expect(results[2].message).toContain('terminalPointsPerHour: the terminal granted 900 points in an hour this bill falls in, 200 more would pass the limit of 1000');
    // A later push counts what earlier pushes stored.
    const later = await push('T-hour', 'S1', [accrue(make, 'm-hour', 100, 62)]);
    expect(outcome(later[0])).toBe('limit_exceeded');
  });

  it('holds a terminal to its daily limit across hours, counting its approved credit adjustments', async () => {
    const make = intentMaker('T-day', 'S1');
    const results = await push('T-day', 'S1', [
      accrue(make, 'm-day', 500, 0),
      accrue(make, 'm-day', 500, 120),
      { ...make.adjust('m-day', 500), occurredAt: at(240) },
      accrue(make, 'm-day', 500, 360),
      accrue(make, 'm-day', 1, 480),
    ]);
    expect(results.map(outcome)).toEqual(['applied', 'applied', 'applied', 'applied', 'limit_exceeded']);
    expect(results[4].message).toContain('terminalPointsPerDay');
  });

  it('holds a terminal to its limit when it pushes many batches at once', async () => {
    const make = intentMaker('T-race', 'S1');
    const batches = Array.from({ length: 6 }, (_, i) => [accrue(make, 'm-race', 300, i)]);
    const results = (await Promise.all(batches.map((b) => push('T-race', 'S1', b)))).flat();
    expect(results.filter((r) => r.outcome === 'applied')).toHaveLength(3);
    expect(results.filter((r) => r.reason === 'limit_exceeded')).toHaveLength(3);
  });

  it('limits how often a member redeems in a day', async () => {
    const make = intentMaker('T-redeem', 'S1');
    const redeem = (minutes: number) => ({ ...make.redeem('m-redeem', 10), occurredAt: at(minutes) });
    const results = await push('T-redeem', 'S1', [redeem(0), redeem(5), redeem(10)]);
    expect(results.map(outcome)).toEqual(['applied', 'applied', 'limit_exceeded']);
    expect(results[2].message).toContain('memberRedemptionsPerDay: the member made 2 redemptions');
    expect(results[2].balance.points).toBe(80);
  });

  it('lets a store lift a program limit, and leaves the loyalty team\'s own adjustments unlimited', async () => {
    const set = await t.post('/v1/admin/limits', { protocol: 'v1', storeId: 'S-free', limits: { pointsPerBill: null, terminalPointsPerHour: null } }, t.adminKey);
    expect(set.status).toBe(200);
    const make = intentMaker('T-free', 'S-free');
    expect((await push('T-free', 'S-free', [accrue(make, 'm-free', 1_500, 0)])).map(outcome)).toEqual(['applied']);
    expect((await push('T-free', 'S-free', [accrue(make, 'm-free', 800, 1)])).map(outcome)).toEqual(['limit_exceeded']); // the day limit still holds
    const admin = await t.post(
      '/v1/admin/adjustments',
      { protocol: 'v1', adjustments: [{ intentId: '01JD0000000000000000000010', memberId: 'm-free', points: 50_000, reason: 'migration', approvedBy: 'crm' }] },
      t.adminKey,
    );
    expect(admin.body.results[0].outcome).toBe('applied');
    const limits = await t.get('/v1/admin/limits', t.adminKey);
    expect(limits.body).toMatchObject({ defaults: { pointsPerBill: 500 }, program: {}, stores: [{ storeId: 'S-free', limits: { pointsPerBill: null } }] });
  });

  it('refuses malformed limits with a 400 and changes nothing', async () => {
    const bad = await t.post('/v1/admin/limits', { protocol: 'v1', limits: { pointsPerBill: -1 } }, t.adminKey);
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect((await t.get('/v1/admin/limits', t.adminKey)).body.program).toEqual({});
  });

  it('reports, per store and terminal, what was applied, refused by reason, granted and limited', async () => {
    const make = intentMaker('T-adjust', 'S1');
    await push('T-adjust', 'S1', [make.adjust('m-adjust', 10, null), { ...make.accrue('m-adjust', 300), occurredAt: at(0) }]);
    const report = await t.get('/v1/admin/report', t.adminKey);
    expect(report.status).toBe(200);
    const byTerminal = Object.fromEntries(report.body.terminals.map((r: { terminalId: string }) => [r.terminalId, r]));
    expect(byTerminal['T-hour']).toMatchObject({ storeId: 'S1', applied: 4, rejected: { limit_exceeded: 2 }, limitExceeded: 2, pointsGranted: 1_500 });
    expect(byTerminal['T-adjust']).toMatchObject({ applied: 1, rejected: { manager_approval_required: 1 }, limitExceeded: 0, pointsGranted: 300 });
    expect(byTerminal['T-day']).toMatchObject({ pointsGranted: 2_000, limitExceeded: 1 });
    const s1 = report.body.stores.find((s: { storeId: string }) => s.storeId === 'S1');
    expect(s1.limitExceeded).toBe(1 + 2 + 1 + 3 + 1);
    const future = await t.get(`/v1/admin/report?since=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`, t.adminKey);
    expect(future.body.terminals).toEqual([]);
    expect((await t.get('/v1/admin/report', keys['T-bill']!)).status).toBe(403);
  });
});

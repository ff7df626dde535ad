import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateEarn } from '../../src/rules/index.js';
import { line } from '../rules/support/bills.js';
import { fashionRuleset } from '../rules/support/fashion-ruleset.js';
import { DATABASES, GENEROUS_LIMITS, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

const ruleset = { ...fashionRuleset, version: 1 };
const STORE = 'blr-indiranagar'; // happy hour 16:00–19:00 in India (10:30–13:30 UTC) on apparel
const HOUR = 3_600_000;
const NEW_MEMBER = { tier: 'silver', visits: 0, qualifyingPoints: 0, promotionPoints: {} };
const LINES = [line('L1', 'JEANS', 'apparel', 2_499), line('L2', 'TEE', 'apparel', 799)];
const iso = (ms: number) => new Date(ms).toISOString();
const outcome = (r: { outcome: string; reason?: string }) => r.reason ?? r.outcome;

/** What the rules give a new member for LINES at `at`. */
const pointsAt = (at: string) => evaluateEarn(ruleset, { billId: 'B', storeId: STORE, at, lines: LINES }, NEW_MEMBER);

describe.each(DATABASES)("a till's clock cannot change its points (%s)", (kind) => {
  let t: TestLedger;
  let ledgerNow = Date.parse('2026-11-10T11:30:00.000Z');
  const keys: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestLedger(kind, { now: () => new Date(ledgerNow), rulesGraceMs: 0, limits: GENEROUS_LIMITS });
    for (const terminal of ['T-behind', 'T-ahead', 'T-right', 'T-future', 'T-fixed']) {
      keys[terminal] = await t.addTerminal(terminal, terminal === 'T-fixed' ? 'S-limited' : STORE);
    }
    await t.addMembers(['behind', 'behind-2', 'ahead', 'right', 'future', 'fixed'].map((memberId) => ({ memberId })));
    const published = await t.post('/v1/admin/rulesets', { protocol: 'v1', ruleset, effectiveFrom: '2026-01-01T00:00:00Z' }, t.adminKey);
    expect(published.status).toBe(201);
  });
  afterAll(() => t.close());

  /** A till's accrual of LINES, earned by its own clock reading `tillAt`, pushed with its clock reading `sentAt`. */
  async function tillPush(terminal: string, store: string, memberId: string, tillAt: number, sentAt: number | undefined) {
    const earn = pointsAt(iso(tillAt));
    const intent = {
      ...intentMaker(terminal, store).accrue(memberId, earn.total),
      occurredAt: iso(tillAt),
      rulesetVersion: 1,
      memberSnapshot: NEW_MEMBER,
      bill: { billId: `B-${memberId}`, amountPaise: 329_800, lines: LINES.map((l, i) => ({ ...l, points: earn.lines[i]!.points })) },
    };
    const body = { ...pushBody(terminal, store, [intent as never]), ...(sentAt === undefined ? {} : { sentAt: iso(sentAt) }) };
    return { tillPoints: earn.total, result: (await t.post('/v1/push', body, keys[terminal]!)).body.results[0] };
  }

  it('gives a till 3 hours behind the happy-hour points of the real time', async () => {
    ledgerNow = Date.parse('2026-11-10T11:30:00.000Z'); // 17:00 in India: happy hour
    const tillClock = ledgerNow - 3 * HOUR; // 14:00 by the till: no happy hour
    const right = pointsAt(iso(ledgerNow)).total;
    const { tillPoints, result } = await tillPush('T-behind', STORE, 'behind', tillClock, tillClock);
    expect(right).toBeGreaterThan(tillPoints);
    expect(result).toMatchObject({ outcome: 'applied', earn: { outcome: 'recomputed', ledgerPoints: right }, balance: { points: right } });
  });

  it('gives a till 3 hours ahead no happy-hour points it is not due', async () => {
    ledgerNow = Date.parse('2026-11-10T08:00:00.000Z'); // 13:30 in India
    const tillClock = ledgerNow + 3 * HOUR; // 16:30 by the till: happy hour
    const right = pointsAt(iso(ledgerNow)).total;
    const { tillPoints, result } = await tillPush('T-ahead', STORE, 'ahead', tillClock, tillClock);
    expect(tillPoints).toBeGreaterThan(right);
    expect(result).toMatchObject({ outcome: 'applied', earn: { outcome: 'recomputed', ledgerPoints: right }, balance: { points: right } });
  });

  it("honours a till whose clock is right, and remembers a till's skew for pushes without a clock reading", async () => {
    ledgerNow = Date.parse('2026-11-10T11:00:00.000Z'); // 16:30 in India
    const honest = await tillPush('T-right', STORE, 'right', ledgerNow - 1_000, ledgerNow);
    expect(honest.result).toMatchObject({ outcome: 'applied', earn: { outcome: 'honoured' }, balance: { points: honest.tillPoints } });
    // T-behind's clock is still 3 hours slow; an older SDK sends no reading.
    const { tillPoints, result } = await tillPush('T-behind', STORE, 'behind-2', ledgerNow - 3 * HOUR, undefined);
    expect(result).toMatchObject({ earn: { outcome: 'recomputed', ledgerPoints: pointsAt(iso(ledgerNow)).total } });
    expect(result.balance.points).toBeGreaterThan(tillPoints);
    const report = await t.get('/v1/admin/report', t.adminKey);
    const skew = (id: string) => report.body.terminals.find((r: { terminalId: string }) => r.terminalId === id).clockSkewMs;
    expect(skew('T-behind')).toBe(-3 * HOUR);
    expect(skew('T-ahead')).toBe(3 * HOUR);
  });

  it("judges a bill dated in the ledger's future at the ledger's time", async () => {
    ledgerNow = Date.parse('2026-11-10T08:00:00.000Z'); // 13:30 in India
    const { result } = await tillPush('T-future', STORE, 'future', ledgerNow + 3 * HOUR, ledgerNow);
    expect(result).toMatchObject({ earn: { outcome: 'recomputed', ledgerPoints: pointsAt(iso(ledgerNow)).total } });
  });

  it("counts a terminal's limit windows by corrected bill time, across a clock fix", async () => {
    await t.post('/v1/admin/limits', { protocol: 'v1', storeId: 'S-limited', limits: { terminalPointsPerHour: 1_000 } }, t.adminKey);
    const make = intentMaker('T-fixed', 'S-limited');
    const send = async (tillAt: number, sentAt: number) =>
      (await t.post('/v1/push', { ...pushBody('T-fixed', 'S-limited', [{ ...make.accrue('fixed', 800), occurredAt: iso(tillAt) }]), sentAt: iso(sentAt) }, keys['T-fixed']!)).body.results[0];
    ledgerNow = Date.parse('2026-11-10T12:00:00.000Z');
    expect(outcome(await send(ledgerNow - 3 * HOUR, ledgerNow - 3 * HOUR))).toBe('applied');
    // Half an hour later the till's clock was put right: by its own clock the bills are 3.5 hours apart.
    ledgerNow += HOUR / 2;
    const second = await send(ledgerNow, ledgerNow);
    expect(outcome(second)).toBe('limit_exceeded');
    expect(second.message).toContain('granted 800 points in an hour');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/ledger-fixture.js';
import { startRedemptionWorld, type RedemptionWorld } from './support/redemption-world.js';

const PUNE = { terminalId: 'pune-1', storeId: 'pune' };
const PUNE2 = { terminalId: 'pune-2', storeId: 'pune' };

describe.each(DATABASES)('holds at the ledger (%s)', (kind) => {
  let w: RedemptionWorld;
  let key: string;
  let key2: string;
  beforeAll(async () => {
    w = await startRedemptionWorld(kind);
    key = await w.t.addTerminal(PUNE.terminalId, PUNE.storeId);
    key2 = await w.t.addTerminal(PUNE2.terminalId, PUNE2.storeId);
    await w.t.addMembers([
      { memberId: 'asha', openingPoints: 1000 },
      { memberId: 'ravi', openingPoints: 300 },
      { memberId: 'meera', openingPoints: 500 },
      { memberId: 'kiran', openingPoints: 100 },
    ]);
  });
  afterAll(() => w.t.close());

  it('takes a hold out of the available balance at once and journals it to the pending account', async () => {
    const r = await w.hold(key, PUNE, 'asha', 400, undefined, 'BILL-1');
    expect(r.status).toBe(200);
    expect(r.body.hold).toMatchObject({ kind: 'hold', memberId: 'asha', points: 400, captured: 0, state: 'open' });
    expect(r.body.hold.expiresAt).toBe(new Date(w.now().getTime() + 15 * 60_000).toISOString());
    expect(r.body.ledgerTime).toBe(w.now().toISOString());
    expect(r.body.balance).toMatchObject({ points: 1000, held: 400, available: 600 });
    const tb = await w.trialBalance();
    expect(tb.total).toBe(0);
    expect(tb.mismatchedMembers).toEqual([]);
    expect(tb.accounts).toContainEqual({ account: 'program:pending', balance: 400 });
  });

  it('answers the same hold again for the same request, and hold_conflict for other content under its id', async () => {
    const holdId = w.holdId();
    const first = await w.hold(key, PUNE, 'ravi', 100, holdId);
    const again = await w.hold(key, PUNE, 'ravi', 100, holdId);
    expect(again.status).toBe(200);
    expect(again.body.hold).toEqual(first.body.hold);
    expect(again.body.balance.held).toBe(100);
    const other = await w.hold(key, PUNE, 'ravi', 150, holdId);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('hold_conflict');
    expect((await w.balance('ravi')).held).toBe(100);
  });

  it('refuses a hold beyond the available balance with insufficient_points, and an unknown member with member_not_found', async () => {
    const short = await w.hold(key, PUNE, 'ravi', 201);
    expect(short.status).toBe(409);
    expect(short.body.error.code).toBe('insufficient_points');
    const unknown = await w.hold(key, PUNE, 'nobody', 1);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('member_not_found');
    const journal = await w.t.count('journal');
    expect((await w.hold(key, PUNE, 'ravi', 999)).status).toBe(409);
    expect(await w.t.count('journal')).toBe(journal);
  });

  it('voids a hold: the points come back, a second void answers the same, another till gets hold_not_found', async () => {
    const placed = await w.hold(key, PUNE, 'meera', 200);
    const holdId = placed.body.hold.holdId;
    expect((await w.voidHold(key2, PUNE2, holdId)).body.error.code).toBe('hold_not_found');
    const voided = await w.voidHold(key, PUNE, holdId);
    expect(voided.status).toBe(200);
    expect(voided.body.hold.state).toBe('voided');
    expect(voided.body.balance).toMatchObject({ points: 500, held: 0, available: 500 });
    const again = await w.voidHold(key, PUNE, holdId);
    expect(again.status).toBe(200);
    expect(again.body.hold).toEqual(voided.body.hold);
    expect((await w.voidHold(key, PUNE, w.holdId())).status).toBe(404);
    expect((await w.trialBalance()).mismatchedMembers).toEqual([]);
  });

  it('expires a hold by the ledger clock: the next decision on the member sees the points back, and a void is hold_closed', async () => {
    const placed = await w.hold(key, PUNE, 'kiran', 100);
    expect((await w.hold(key, PUNE, 'kiran', 1)).body.error.code).toBe('insufficient_points');
    w.advance(15);
    const after = await w.hold(key, PUNE, 'kiran', 60);
    expect(after.status).toBe(200);
    expect(after.body.balance).toMatchObject({ points: 100, held: 60, available: 40 });
    const late = await w.voidHold(key, PUNE, placed.body.hold.holdId);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('hold_closed');
    await w.voidHold(key, PUNE, after.body.hold.holdId);
  });

  it('the sweep expires holds of members nobody touches', async () => {
    const placed = await w.hold(key, PUNE, 'meera', 50);
    expect((await w.balance('meera')).held).toBe(50);
    w.advance(16);
    expect(await w.t.ledger.sweepHolds()).toBeGreaterThanOrEqual(1);
    expect(await w.balance('meera')).toMatchObject({ points: 500, held: 0 });
    expect((await w.voidHold(key, PUNE, placed.body.hold.holdId)).body.error.code).toBe('hold_closed');
    const tb = await w.trialBalance();
    expect(tb.total).toBe(0);
    expect(tb.mismatchedMembers).toEqual([]);
  });

  it('lets exactly one of two holds racing for the same points win', async () => {
    await w.t.addMembers([{ memberId: 'race', openingPoints: 500 }]);
    const replies = await Promise.all([w.hold(key, PUNE, 'race', 400), w.hold(key2, PUNE2, 'race', 400)]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(replies.find((r) => r.status === 409)!.body.error.code).toBe('insufficient_points');
    expect(await w.balance('race')).toMatchObject({ held: 400, available: 100 });
  });

  it('refuses a hold for another till with terminal_mismatch', async () => {
    const r = await w.hold(key, PUNE2, 'asha', 1);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('terminal_mismatch');
  });
});

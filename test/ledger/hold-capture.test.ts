import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntentV1 } from '../../src/protocol/index.js';
import { DATABASES, intentMaker, pushBody } from '../support/ledger-fixture.js';
import { startRedemptionWorld, type RedemptionWorld } from './support/redemption-world.js';

const PUNE = { terminalId: 'pune-1', storeId: 'pune' };
const MUMBAI = { terminalId: 'mumbai-1', storeId: 'mumbai' };

describe.each(DATABASES)('capturing holds with redemptions (%s)', (kind) => {
  let w: RedemptionWorld;
  let key: string;
  let mumbaiKey: string;
  const till = intentMaker(PUNE.terminalId, PUNE.storeId);
  const mumbai = intentMaker(MUMBAI.terminalId, MUMBAI.storeId);
  const push = (intents: IntentV1[], k = key, from = PUNE) => w.t.post('/v1/push', pushBody(from.terminalId, from.storeId, intents), k);
  const onHold = (memberId: string, points: number, holdId: string): IntentV1 => ({ ...till.redeem(memberId, points), basis: 'hold', holdId }) as IntentV1;
  const journalOf = async (intentId: string) =>
    (await w.t.ledger.database.query(`SELECT hold_id, debit_account, credit_account, points::int AS points FROM journal WHERE intent_id = $1 ORDER BY entry_id`, [intentId])).map((r) => ({ ...r }));

  beforeAll(async () => {
    w = await startRedemptionWorld(kind);
    key = await w.t.addTerminal(PUNE.terminalId, PUNE.storeId);
    mumbaiKey = await w.t.addTerminal(MUMBAI.terminalId, MUMBAI.storeId);
    await w.t.addMembers([
      { memberId: 'asha', openingPoints: 1000 },
      { memberId: 'ravi', openingPoints: 500 },
      { memberId: 'meera', openingPoints: 500 },
      { memberId: 'kiran', openingPoints: 500 },
      { memberId: 'old', openingPoints: 500 },
    ]);
  });
  afterAll(() => w.t.close());

  it('captures a hold for less: the rest goes back, both journaled with the hold, and the books balance', async () => {
    const hold = (await w.hold(key, PUNE, 'asha', 400)).body.hold;
    const intent = onHold('asha', 300, hold.holdId);
    const r = await push([intent]);
    expect(r.body.results[0]).toMatchObject({ outcome: 'applied', balance: { points: 700, held: 0, available: 700 } });
    expect(await journalOf(intent.intentId)).toEqual([
      { hold_id: hold.holdId, debit_account: 'program:pending', credit_account: 'program:redemption', points: 300 },
      { hold_id: hold.holdId, debit_account: 'program:pending', credit_account: 'member:asha', points: 100 },
    ]);
    const voided = await w.voidHold(key, PUNE, hold.holdId);
    expect(voided.status).toBe(409);
    expect(voided.body.error.code).toBe('hold_closed');
    const tb = await w.trialBalance();
    expect(tb.total).toBe(0);
    expect(tb.mismatchedMembers).toEqual([]);
    expect(tb.accounts).toContainEqual({ account: 'program:pending', balance: 0 });
  });

  it('answers the same capture again as a duplicate, moving nothing', async () => {
    const hold = (await w.hold(key, PUNE, 'asha', 100)).body.hold;
    const intent = onHold('asha', 100, hold.holdId);
    const first = await push([intent]);
    const again = await push([intent]);
    expect(first.body.results[0].outcome).toBe('applied');
    expect(again.body.results[0]).toMatchObject({ outcome: 'duplicate', original: { outcome: 'applied' } });
    expect(await w.balance('asha')).toMatchObject({ points: 600, held: 0 });
  });

  it('refuses a capture after a void with hold_voided', async () => {
    const hold = (await w.hold(key, PUNE, 'ravi', 200)).body.hold;
    await w.voidHold(key, PUNE, hold.holdId);
    const r = await push([onHold('ravi', 200, hold.holdId)]);
    expect(r.body.results[0]).toMatchObject({ outcome: 'rejected', reason: 'hold_voided' });
    expect(await w.balance('ravi')).toMatchObject({ points: 500, held: 0 });
  });

  it('after expiry, applies the capture from the available balance if the member still has it, else hold_expired', async () => {
    const first = (await w.hold(key, PUNE, 'meera', 300)).body.hold;
    const second = (await w.hold(key, PUNE, 'meera', 200)).body.hold;
    w.advance(16);
    const r = await push([onHold('meera', 300, first.holdId)]);
    expect(r.body.results[0]).toMatchObject({ outcome: 'applied', balance: { points: 200, held: 0 } });
    const late = await push([onHold('meera', 250, second.holdId)]);
    expect(late.body.results[0]).toMatchObject({ outcome: 'rejected', reason: 'hold_expired' });
  });

  it('captures more than the hold only when the member has the rest available, else hold_exceeded', async () => {
    const hold = (await w.hold(key, PUNE, 'kiran', 100)).body.hold;
    const tooMuch = await push([onHold('kiran', 501, hold.holdId)]);
    expect(tooMuch.body.results[0]).toMatchObject({ outcome: 'rejected', reason: 'hold_exceeded' });
    expect(await w.balance('kiran')).toMatchObject({ points: 500, held: 100 });
    const more = await push([onHold('kiran', 150, hold.holdId)]);
    expect(more.body.results[0]).toMatchObject({ outcome: 'applied', balance: { points: 350, held: 0, available: 350 } });
  });

  it('refuses a capture of another till\'s hold, an unknown hold or another member\'s with hold_not_found', async () => {
    const hold = (await w.hold(key, PUNE, 'kiran', 50)).body.hold;
    const fromMumbai = { ...mumbai.redeem('kiran', 50), basis: 'hold', holdId: hold.holdId } as IntentV1;
    const replies = [
      await push([fromMumbai], mumbaiKey, MUMBAI),
      await push([onHold('asha', 50, hold.holdId)]),
      await push([onHold('kiran', 50, w.holdId())]),
      await push([{ ...till.redeem('kiran', 50), basis: 'hold' } as IntentV1]),
    ];
    for (const r of replies) expect(r.body.results[0]).toMatchObject({ outcome: 'rejected', reason: 'hold_not_found' });
    expect((await w.balance('kiran')).held).toBe(50);
    await w.voidHold(key, PUNE, hold.holdId);
  });

  it('lets exactly one of a capture and a void racing for the same hold win', async () => {
    await w.t.addMembers([{ memberId: 'racer', openingPoints: 300 }]);
    for (let round = 0; round < 3; round++) {
      const hold = (await w.hold(key, PUNE, 'racer', 100)).body.hold;
      const [captured, voided] = await Promise.all([push([onHold('racer', 100, hold.holdId)]), w.voidHold(key, PUNE, hold.holdId)]);
      const won = [captured.body.results[0].outcome === 'applied', voided.status === 200];
      expect(won.filter(Boolean)).toHaveLength(1);
      if (won[0]) expect(voided.body.error.code).toBe('hold_closed');
      else expect(captured.body.results[0].reason).toBe('hold_voided');
    }
    expect((await w.balance('racer')).held).toBe(0);
    const tb = await w.trialBalance();
    expect(tb.total).toBe(0);
    expect(tb.mismatchedMembers).toEqual([]);
  });

  it('decides an older till\'s redemption without a basis exactly as before, against the available balance', async () => {
    await w.hold(key, PUNE, 'old', 400);
    const short = await push([till.redeem('old', 101)]);
    expect(short.body.results[0]).toMatchObject({ outcome: 'rejected', reason: 'insufficient_points' });
    const fits = till.redeem('old', 100);
    const r = await push([fits]);
    expect(r.body.results[0]).toMatchObject({ outcome: 'applied', balance: { points: 400, held: 400, available: 0 } });
    expect(await journalOf(fits.intentId)).toEqual([{ hold_id: null, debit_account: 'member:old', credit_account: 'program:redemption', points: 100 }]);
    const row = (await w.t.ledger.database.query(`SELECT basis, exposure::int AS exposure, shortfall::int AS shortfall FROM intents WHERE intent_id = $1`, [fits.intentId]))[0];
    expect({ ...row }).toEqual({ basis: null, exposure: 0, shortfall: 0 });
    const tb = await w.trialBalance();
    expect(tb.total).toBe(0);
    expect(tb.mismatchedMembers).toEqual([]);
  });
});

import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { IntentOutcome } from '../../src/index.js';
import { groceryRuleset } from '../rules/support/grocery-ruleset.js';
import { line } from '../rules/support/bills.js';
import { bill, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';
import { HandTimers } from './support/hand-timers.js';
import { storeRawAccrual } from './support/poison.js';

const UNKNOWN_INTENT = '01JD0000000000000000000000';

describe('whenSettled: a promise for one intent\'s outcome', () => {
  let w: TillWorld;
  afterEach(() => w.close());

  async function tillWithAsha(options: Parameters<TillWorld['terminal']>[0] = {}) {
    const t = w.terminal(options);
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    return t;
  }

  it('resolves applied once the ledger applied it, with the balance then, and at once when already settled', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 100 }]);
    const t = await tillWithAsha();
    const { intentId } = await t.accrue({ memberId: 'asha', points: 15, bill: bill('B1', 15_000) });
    const settled = t.whenSettled(intentId);
    await t.sync();
    const expected: IntentOutcome = {
      intentId, status: 'applied', memberId: 'asha', points: 15, ledgerPoints: 15,
      balance: expect.objectContaining({ known: true, confirmed: 115, provisional: 115 }) as never,
    };
    expect(await settled).toEqual(expected);
    expect(await t.whenSettled(intentId)).toEqual(expected);
  });

  it('resolves adjusted when the ledger applied other points than the till showed', async () => {
    w = await startTillWorld([{ memberId: 'ravi', tier: 'classic' }], { rulesGraceMs: 0 });
    await w.publishRuleset({ ...groceryRuleset, version: 1, promotions: [] });
    const t = w.terminal({ now: () => Date.now() });
    await t.start();
    await t.lookupMember({ memberId: 'ravi' });
    await t.sync();
    // The brand doubles the base rate; this till has not heard yet.
    await w.publishRuleset({ ...groceryRuleset, version: 2, promotions: [], base: { points: 2, perPaise: 10_000 } }, new Date(Date.now() - 1000).toISOString());
    const receipt = await t.checkout({ memberId: 'ravi', bill: { billId: 'FM-2', lines: [line('L1', 'CHIPS', 'snacks', 500)] } });
    const settled = t.whenSettled(receipt.accrual.intentId);
    await t.sync();
    expect(await settled).toMatchObject({
      status: 'adjusted', memberId: 'ravi', points: 5, ledgerPoints: 10, reason: expect.stringContaining('v2'), balance: { confirmed: 10 },
    });
  });

  it('resolves rejected with the ledger\'s reason', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 100 }]);
    const t = await tillWithAsha();
    // The reference ledger wants a manager's approval on an adjustment; the SDK does not demand it.
    const { intentId } = await t.adjust({ memberId: 'asha', points: 50, reason: 'missed bill', approvedBy: 'meera' });
    const settled = t.whenSettled(intentId);
    await t.sync();
    expect(await settled).toMatchObject({ status: 'rejected', reason: 'manager_approval_required', points: 50, balance: { confirmed: 100, provisional: 100 } });
  });

  it('resolves quarantined for an intent found broken, with the fault\'s code', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 100 }]);
    const factory = new IDBFactory();
    const t = await tillWithAsha({ factory });
    const poison = await storeRawAccrual(factory, 'asha', 3, { billId: 'bill with spaces', amountPaise: 300 });
    const settled = t.whenSettled(poison);
    await t.sync();
    expect(await settled).toMatchObject({ intentId: poison, status: 'quarantined', reason: 'invalid_intent', points: 3 });
  });

  it('rejects intent_not_found for an intent this till does not hold', async () => {
    w = await startTillWorld([]);
    const t = w.terminal();
    await t.start();
    await expect(t.whenSettled(UNKNOWN_INTENT)).rejects.toMatchObject({ code: 'intent_not_found' });
    await expect(t.whenSettled('')).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(t.whenSettled(UNKNOWN_INTENT, { timeout: -1 })).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('rejects timeout after its timeout on the terminal\'s timers, and the intent stays pending', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 100 }]);
    const timers = new HandTimers();
    const t = await tillWithAsha({ timers });
    const { intentId } = await t.accrue({ memberId: 'asha', points: 5, bill: bill('B1', 5000) });
    const settled = t.whenSettled(intentId, { timeout: 4321 }).catch((e: unknown) => e);
    await timers.fire(4321);
    expect(await settled).toMatchObject({ code: 'timeout' });
    expect(await t.intent(intentId)).toMatchObject({ state: 'pending' });
  });

  it('rejects aborted when its signal aborts (or was aborted already), and clears its timer', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 100 }]);
    const timers = new HandTimers();
    const t = await tillWithAsha({ timers });
    const { intentId } = await t.accrue({ memberId: 'asha', points: 5, bill: bill('B1', 5000) });
    const controller = new AbortController();
    const settled = t.whenSettled(intentId, { signal: controller.signal, timeout: 9876 }).catch((e: unknown) => e);
    await timers.set(9876); // waiting now
    controller.abort();
    expect(await settled).toMatchObject({ code: 'aborted' });
    expect(timers.pending).not.toContain(9876);
    await expect(t.whenSettled(intentId, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'aborted' });
  });

  it('rejects closed when the terminal closes while waiting', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 100 }]);
    const t = await tillWithAsha();
    const { intentId } = await t.accrue({ memberId: 'asha', points: 5, bill: bill('B1', 5000) });
    const settled = t.whenSettled(intentId).catch((e: unknown) => e);
    await t.close();
    expect(await settled).toMatchObject({ code: 'closed' });
  });

  it('resolves in a follower tab when the leader tab settles the intent', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 100 }]);
    const factory = new IDBFactory();
    const leader = w.terminal({ factory, leaderElection: 'lease' });
    const follower = w.terminal({ factory, leaderElection: 'lease' });
    await leader.start();
    await follower.start();
    expect((await leader.sync()).leader).toBe(true);
    await follower.lookupMember({ memberId: 'asha' });
    const { intentId } = await follower.accrue({ memberId: 'asha', points: 5, bill: bill('B1', 5000) });
    const settled = follower.whenSettled(intentId);
    await leader.sync();
    expect(await settled).toMatchObject({ status: 'applied', balance: { confirmed: 105 } });
  });
});

describe('intent and intentsOfBill: the records of one intent, and of one bill', () => {
  let w: TillWorld;
  afterEach(() => w.close());

  it('finds an intent by its id and a bill\'s intents by its bill id, never with a manager\'s PIN', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 100 }]);
    const t = w.terminal();
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const earned = await t.accrue({ memberId: 'asha', points: 20, bill: bill('B1', 20_000) });
    const back = await t.reverse({ originalIntentId: earned.intentId, points: 5, bill: bill('B1', 5000) });
    await t.accrue({ memberId: 'asha', points: 9, bill: bill('B2', 9000) });
    const adjusted = await t.adjust({ memberId: 'asha', points: 3, reason: 'goodwill', approvedBy: 'meera', approval: { managerId: 'meera', pin: '246810' } });

    expect(await t.intent(earned.intentId)).toMatchObject({ intentId: earned.intentId, kind: 'accrue', points: 20, state: 'pending' });
    expect(await t.intent(UNKNOWN_INTENT)).toBeNull();
    expect((await t.intent(adjusted.intentId))?.approval).toEqual({ managerId: 'meera' });
    expect((await t.intentsOfBill('B1')).map((i) => [i.intentId, i.kind])).toEqual([
      [earned.intentId, 'accrue'],
      [back.intentId, 'reverse'],
    ]);
    expect(await t.intentsOfBill('B404')).toEqual([]);
    await expect(t.intentsOfBill('')).rejects.toMatchObject({ code: 'invalid_argument' });
    await t.sync();
    expect(await t.intent(earned.intentId)).toMatchObject({ state: 'confirmed' });
  });
});

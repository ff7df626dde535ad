import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuarantineEvent, Terminal } from '../../src/index.js';
import { bill, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';
import { bigBill, storeRawAccrual } from './support/poison.js';

describe('one broken intent never blocks a till', () => {
  let w: TillWorld;
  afterEach(() => w.close());

  async function appliedAtLedger(): Promise<string[]> {
    const rows = await w.ledger.ledger.database.query(`SELECT intent_id FROM intents WHERE terminal_id = 'till-1' AND outcome = 'applied' ORDER BY seq`);
    return rows.map((r) => String(r.intent_id));
  }

  async function tillWithPoison(): Promise<{ t: Terminal; factory: IDBFactory; good: string[]; poison: string }> {
    const factory = new IDBFactory();
    const t = w.terminal({ factory });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const a = await t.accrue({ memberId: 'asha', points: 10, bill: bill('B1', 10_000) });
    // Too big for this ledger: 300 lines, about 30 kB, refused as a whole (413) in any batch.
    const poison = await storeRawAccrual(factory, 'asha', 7, bigBill('BIG', 300));
    const b = await t.accrue({ memberId: 'asha', points: 20, bill: bill('B3', 20_000) });
    const c = await t.redeem({ memberId: 'asha', points: 5 });
    return { t, factory, good: [a.intentId, b.intentId, c.intentId], poison };
  }

  it('quarantines an intent the real ledger refuses, and applies the ones around it in the same round', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 500 }], { maxBodyBytes: 16_384 });
    const { t, good, poison } = await tillWithPoison();
    const quarantines: QuarantineEvent[] = [];
    const statuses: string[] = [];
    t.on('quarantine', (e) => quarantines.push(e));
    t.on('intent', (e) => statuses.push(`${e.intentId}:${e.status}`));
    t.on('conflict', () => expect.fail('a broken intent is not a conflict'));

    const report = await t.sync();
    expect(report).toMatchObject({ confirmed: 3, rejected: 0, quarantined: 1 });
    expect(await appliedAtLedger()).toEqual(good);
    expect(await w.ledgerPoints('asha')).toBe(525);
    // The cashier showed its 7 points: they stay pending until staff decide.
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 525, provisional: 532, pendingAccrual: 7 });
    expect(statuses).toContain(`${poison}:quarantined`);
    expect(quarantines).toEqual([{ change: 'quarantined', intent: expect.objectContaining({ intentId: poison, code: 'body_too_large', source: 'ledger' }) }]);
    const listed = await t.quarantined();
    expect(listed).toEqual([
      expect.objectContaining({ intentId: poison, kind: 'accrue', memberId: 'asha', points: 7, billId: 'BIG', code: 'body_too_large', voided: null }),
    ]);
    expect(listed[0]).not.toHaveProperty('attempts'); // a view, not a storage row
    expect(await t.status()).toMatchObject({ queueDepth: 0, quarantined: 1, conflicts: 0, lastError: null });

    // It is not sent again, and new intents flow.
    const pushes = w.proxy.seen.filter((p) => p === '/v1/push').length;
    const d = await t.accrue({ memberId: 'asha', points: 1, bill: bill('B5', 1_000) });
    expect(await t.sync()).toMatchObject({ confirmed: 1, quarantined: 0, requests: 1 });
    expect(w.proxy.seen.filter((p) => p === '/v1/push').length).toBe(pushes + 1);
    expect(await appliedAtLedger()).toEqual([...good, d.intentId]);
  });

  it('never prunes a quarantined intent, and a void takes its points off the balance in one step, for good', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 500 }], { maxBodyBytes: 16_384 });
    let clock = Date.now();
    const factory = new IDBFactory();
    const t = w.terminal({ factory, now: () => clock, retainSettledMs: 3_600_000 });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const poison = await storeRawAccrual(factory, 'asha', 7, bigBill('BIG', 300));
    await t.sync();
    clock += 100 * 24 * 3_600_000;
    await t.sync();
    expect((await t.quarantined()).map((q) => q.intentId)).toEqual([poison]);

    const events: QuarantineEvent[] = [];
    t.on('quarantine', (e) => events.push(e));
    const balance = await t.voidQuarantined(poison, 'bill re-entered by hand');
    expect(balance).toMatchObject({ confirmed: 500, provisional: 500, pendingAccrual: 0 });
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 500, provisional: 500 });
    expect(events).toEqual([{ change: 'voided', intent: expect.objectContaining({ intentId: poison, voided: { reason: 'bill re-entered by hand', at: clock } }) }]);
    expect(await t.quarantined()).toEqual([]);
    expect((await t.history('asha')).find((i) => i.intentId === poison)?.state).toBe('voided');

    const pushes = w.proxy.seen.filter((p) => p === '/v1/push').length;
    expect(await t.sync()).toMatchObject({ requests: 0 });
    expect(w.proxy.seen.filter((p) => p === '/v1/push').length).toBe(pushes);
    await expect(t.voidQuarantined(poison, 'again')).rejects.toMatchObject({ code: 'not_quarantined' });
    await expect(t.retryQuarantined(poison)).rejects.toMatchObject({ code: 'not_quarantined' });
    await expect(t.retryQuarantined('01JD0000000000000000000000')).rejects.toMatchObject({ code: 'intent_not_found' });
    await expect(t.voidQuarantined(poison, '')).rejects.toMatchObject({ code: 'invalid_argument' });
    // A voided intent is settled: it leaves the audit trail after the retention period.
    clock += 2 * 3_600_000;
    await t.sync();
    expect((await t.history('asha')).map((i) => i.intentId)).not.toContain(poison);
  });

  it('sends a batch too big as a whole in halves, and quarantines nothing when every intent fits alone', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 500 }], { maxBodyBytes: 16_384 });
    const t = w.terminal();
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const made: string[] = [];
    // About 6 kB each: any two fit in a request, all four do not.
    for (let i = 1; i <= 4; i++) made.push((await t.accrue({ memberId: 'asha', points: 10, bill: bigBill(`B${i}`, 60) })).intentId);
    expect(await t.sync()).toMatchObject({ confirmed: 4, quarantined: 0, requests: 3 });
    expect(await appliedAtLedger()).toEqual(made);
    expect(await t.quarantined()).toEqual([]);
  });

  it('quarantines, before any request, an intent this till cannot put on the wire', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 500 }]);
    const factory = new IDBFactory();
    const t = w.terminal({ factory });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const a = await t.accrue({ memberId: 'asha', points: 10, bill: bill('B1', 10_000) });
    const poison = await storeRawAccrual(factory, 'asha', 3, { billId: 'bill with spaces', amountPaise: 300 });
    const b = await t.accrue({ memberId: 'asha', points: 20, bill: bill('B3', 20_000) });

    expect(await t.sync()).toMatchObject({ confirmed: 2, quarantined: 1, requests: 1 });
    expect(await appliedAtLedger()).toEqual([a.intentId, b.intentId]);
    expect(await t.quarantined()).toEqual([
      expect.objectContaining({ intentId: poison, code: 'invalid_intent', source: 'till', message: expect.stringContaining('bill.billId') }),
    ]);
    const sent = await w.ledger.ledger.database.query(`SELECT count(*)::int AS n FROM intents WHERE terminal_id = 'till-1'`);
    expect(Number(sent[0]!.n)).toBe(2);
  });
});

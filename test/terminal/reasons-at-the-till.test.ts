import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConflictEvent } from '../../src/index.js';
import { conflictAction } from '../../src/policy/conflict-action.js';
import { GENEROUS_LIMITS } from '../support/ledger-fixture.js';
import { bill, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';
import { jsonResponse, ledgerFetch } from './support/ledger-fetch.js';

describe('refusals a till learns of after it showed the points', () => {
  let w: TillWorld;
  afterEach(() => w.close());

  it('turns a bill above the ledger points-per-bill limit into a conflict, and rebases the balance', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 500 }], { limits: { ...GENEROUS_LIMITS, pointsPerBill: 100 } });
    const t = w.terminal();
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const conflicts: ConflictEvent[] = [];
    t.on('conflict', (c) => conflicts.push(c));
    const big = await t.accrue({ memberId: 'asha', points: 150, bill: bill('B1', 150_000) });
    await t.accrue({ memberId: 'asha', points: 100, bill: bill('B2', 100_000) });
    expect(big.balance.provisional).toBe(650);

    expect(await t.sync()).toMatchObject({ confirmed: 1, rejected: 1 });
    expect(conflicts).toEqual([
      expect.objectContaining({
        intentId: big.intentId, kind: 'accrue', reason: 'limit_exceeded', points: 150,
        message: expect.stringContaining('pointsPerBill'), action: conflictAction('accrue', 'limit_exceeded'),
      }),
    ]);
    expect(await w.ledgerPoints('asha')).toBe(600);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 600, provisional: 600, pendingAccrual: 0 });
    expect(await t.conflicts()).toEqual([expect.objectContaining({ intentId: big.intentId, reason: 'limit_exceeded' })]);
  });

  it('takes a reason it does not know (a newer ledger) as a conflict with a generic action, not a broken answer', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 500 }]);
    // A newer ledger refuses the redemption for a reason this SDK has never heard of; the accrual goes through for real.
    const fetch = ledgerFetch('/v1/push', async (body, forward) => {
      const [accrual, redemption] = body.intents;
      const real = await (await forward({ ...body, intents: [accrual] })).json();
      const refused = { intentId: redemption.intentId, outcome: 'rejected', reason: 'points_frozen', message: 'the member points are frozen' };
      return jsonResponse(200, { ...real, results: [...real.results, refused] });
    });
    const t = w.terminal({ factory: new IDBFactory(), fetch });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const conflicts: ConflictEvent[] = [];
    t.on('conflict', (c) => conflicts.push(c));
    await t.accrue({ memberId: 'asha', points: 20, bill: bill('B1', 20_000) });
    const redemption = await t.redeem({ memberId: 'asha', points: 300 });

    expect(await t.sync()).toMatchObject({ confirmed: 1, rejected: 1 });
    expect(conflicts).toEqual([
      expect.objectContaining({ intentId: redemption.intentId, reason: 'points_frozen', message: 'the member points are frozen', action: conflictAction('redeem', 'points_frozen') }),
    ]);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 520, provisional: 520, pendingRedemption: 0 });
    expect(await t.status()).toMatchObject({ queueDepth: 0, conflicts: 1, lastError: null });
    expect((await t.history('asha'))[0]).toMatchObject({ intentId: redemption.intentId, state: 'rejected', outcome: { reason: 'points_frozen' } });
  });

  it('still refuses a reason that is not shaped like one, as a protocol violation that changes nothing', async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 500 }]);
    const fetch = ledgerFetch('/v1/push', async (body) =>
      jsonResponse(200, { protocol: 'v1', results: [{ intentId: body.intents[0].intentId, outcome: 'rejected', reason: 'Frozen!', message: 'no' }] }),
    );
    const t = w.terminal({ factory: new IDBFactory(), fetch });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    await t.redeem({ memberId: 'asha', points: 300 });
    await expect(t.sync()).rejects.toMatchObject({ code: 'protocol_violation' });
    expect(await t.status()).toMatchObject({ queueDepth: 1, conflicts: 0 });
  });
});

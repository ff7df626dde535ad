import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTerminal, isTillpointsError, type Terminal } from '../../src/index.js';
import { bill, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

describe('bad input at the API', () => {
  let w: TillWorld;
  let t: Terminal;
  beforeAll(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 100 }]);
    t = w.terminal();
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
  });
  afterAll(() => w.close());

  it.each([
    ['no ledger URL', { ledgerUrl: '' }],
    ['a ledger URL that is not http', { ledgerUrl: 'ftp://ledger' }],
    ['a terminal id with spaces', { terminalId: 'till 1' }],
    ['an empty API key', { apiKey: '' }],
    ['a batch size of zero', { batchSize: 0 }],
    ['a fractional timeout', { requestTimeoutMs: 1.5 }],
    ['a backoff whose maximum is below its base', { retry: { baseMs: 1000, maxMs: 10 } }],
    ['an indexedDB that is not one', { indexedDB: {} as IDBFactory }],
  ])('refuses options with %s, with code invalid_options', (_name, bad) => {
    const options = { ledgerUrl: 'http://127.0.0.1:1', terminalId: 'till-1', storeId: 'store-1', apiKey: 'tp_term_x12345', indexedDB: new IDBFactory(), IDBKeyRange, ...bad };
    let thrown: unknown;
    try {
      createTerminal(options);
    } catch (error) {
      thrown = error;
    }
    expect(isTillpointsError(thrown, 'invalid_options')).toBe(true);
    expect((thrown as { details: { issues: unknown[] } }).details.issues.length).toBeGreaterThan(0);
  });

  const bad: [string, () => Promise<unknown>, string][] = [
    ['negative points', () => t.accrue({ memberId: 'asha', points: -5, bill: bill('B1', 100) }), 'invalid_argument'],
    ['fractional points', () => t.accrue({ memberId: 'asha', points: 1.5, bill: bill('B1', 100) }), 'invalid_argument'],
    ['NaN points', () => t.redeem({ memberId: 'asha', points: Number.NaN }), 'invalid_argument'],
    ['points beyond 2^31', () => t.accrue({ memberId: 'asha', points: 2 ** 31, bill: bill('B1', 100) }), 'invalid_argument'],
    ['paise as a float', () => t.accrue({ memberId: 'asha', points: 1, bill: bill('B1', 10.5) }), 'invalid_argument'],
    ['no bill on an accrual', () => t.accrue({ memberId: 'asha', points: 1 } as never), 'invalid_argument'],
    ['an unknown field', () => t.redeem({ memberId: 'asha', points: 1, extra: true } as never), 'invalid_argument'],
    ['an empty member id', () => t.redeem({ memberId: '', points: 1 }), 'invalid_argument'],
    ['a zero adjustment', () => t.adjust({ memberId: 'asha', points: 0, reason: 'x', approvedBy: 'm' }), 'invalid_argument'],
    ['a redemption beyond the balance', () => t.redeem({ memberId: 'asha', points: 101 }), 'insufficient_points'],
    ['a debit beyond the balance', () => t.adjust({ memberId: 'asha', points: -101, reason: 'x', approvedBy: 'm' }), 'insufficient_points'],
    ['a return of an unknown bill without its kind', () => t.reverse({ originalIntentId: '01JD0000000000000000000000', memberId: 'asha', points: 5 }), 'invalid_reversal'],
    ['a lookup by two keys', () => t.lookupMember({ memberId: 'asha', card: 'CARD0001' } as never), 'invalid_argument'],
    ['a lookup by a phone that is not one', () => t.lookupMember({ phone: 'call me' }), 'invalid_argument'],
    ['a balance of a non-string id', () => t.getBalance(42 as never), 'invalid_argument'],
  ];

  it.each(bad)('refuses %s with a typed error and writes nothing', async (_name, call, code) => {
    const before = [await t.getBalance('asha'), (await t.status()).queueDepth];
    const error = await call().then(() => undefined, (e: unknown) => e);
    expect(isTillpointsError(error)).toBe(true);
    expect((error as { code: string }).code).toBe(code);
    expect([await t.getBalance('asha'), (await t.status()).queueDepth]).toEqual(before);
  });

  it('cannot spend the same points twice in two rapid calls', async () => {
    const results = await Promise.allSettled([t.redeem({ memberId: 'asha', points: 60 }), t.redeem({ memberId: 'asha', points: 60 })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await t.getBalance('asha')).provisional).toBe(40);
  });

  it('cannot reverse more than the original earned', async () => {
    const earned = await t.accrue({ memberId: 'asha', points: 30, bill: bill('B9', 30_000) });
    await t.reverse({ originalIntentId: earned.intentId, points: 20 });
    await expect(t.reverse({ originalIntentId: earned.intentId, points: 11 })).rejects.toMatchObject({ code: 'invalid_reversal' });
    const rest = await t.reverse({ originalIntentId: earned.intentId });
    expect(rest.balance.pendingRedemption).toBe(60 + 20 + 10);
  });

  it('refuses every call after close with code closed', async () => {
    const other = w.terminal();
    await other.start();
    await other.close();
    await expect(other.getBalance('asha')).rejects.toMatchObject({ code: 'closed' });
    await expect(other.accrue({ memberId: 'asha', points: 1, bill: bill('B1', 100) })).rejects.toMatchObject({ code: 'closed' });
  });
});

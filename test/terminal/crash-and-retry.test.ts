import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bill, nextEvent, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

describe('nothing lost, nothing doubled', () => {
  let w: TillWorld;
  beforeEach(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 1000 }]);
  });
  afterEach(() => w.close());

  async function expectLedgerApplied(times: number) {
    const rows = await w.ledger.ledger.database.query(`SELECT count(*)::int AS n FROM intents WHERE terminal_id = 'till-1' AND outcome = 'applied'`);
    expect(Number(rows[0]!.n)).toBe(times);
  }

  it('keeps intents made before a crash, and a new terminal on the same database sends them', async () => {
    const factory = new IDBFactory();
    const first = w.terminal({ factory });
    await first.start();
    await first.lookupMember({ memberId: 'asha' });
    for (let i = 1; i <= 5; i++) await first.accrue({ memberId: 'asha', points: 10, bill: bill(`B${i}`, 10_000) });
    // The tab dies: no close(), nothing flushed by hand. Every call above had already committed.

    const second = w.terminal({ factory });
    await second.start();
    expect(await second.getBalance('asha')).toMatchObject({ confirmed: 1000, provisional: 1050 });
    expect((await second.status()).queueDepth).toBe(5);
    await first.close(); // lets the second take the lead at once instead of waiting out the lease
    const report = await second.sync();
    expect(report).toMatchObject({ pushed: 5, confirmed: 5 });
    expect(await w.ledgerPoints('asha')).toBe(1050);
    await expectLedgerApplied(5);
  });

  it('applies once when the ledger applied a batch but the answer was lost, retried from a restarted till', async () => {
    const factory = new IDBFactory();
    const first = w.terminal({ factory });
    await first.start();
    await first.lookupMember({ memberId: 'asha' });
    await first.sync(); // registers the till's incarnation: the answer lost below is a push's
    const a = await first.accrue({ memberId: 'asha', points: 40, bill: bill('B1', 40_000) });
    const r = await first.redeem({ memberId: 'asha', points: 300 });

    w.proxy.mode = { kind: 'drop-response' };
    await expect(first.sync()).rejects.toMatchObject({ code: 'network' });
    expect(w.proxy.forwarded).toContain('/v1/push');
    expect(await w.ledgerPoints('asha')).toBe(740); // the ledger did apply them
    // The till still shows them pending, counted once.
    expect(await first.getBalance('asha')).toMatchObject({ provisional: 740 });

    await first.close();
    w.proxy.mode = { kind: 'pass' };
    const second = w.terminal({ factory });
    await second.start();
    const report = await second.sync();
    expect(report).toMatchObject({ pushed: 2, confirmed: 2, rejected: 0 });
    expect(await second.getBalance('asha')).toMatchObject({ confirmed: 740, provisional: 740 });
    expect(await w.ledgerPoints('asha')).toBe(740);
    await expectLedgerApplied(2);
    const history = await second.history('asha');
    expect(history.map((i) => [i.intentId, i.state])).toEqual([
      [r.intentId, 'confirmed'],
      [a.intentId, 'confirmed'],
    ]);
  });

  it('does not double count when a pull arrives while an answer is still lost', async () => {
    const t = w.terminal();
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    await t.accrue({ memberId: 'asha', points: 100, bill: bill('B1', 100_000) });
    w.proxy.mode = { kind: 'drop-response' };
    await expect(t.sync()).rejects.toMatchObject({ code: 'network' });
    // Pull answers pass, pushes still lose their answers: the ledger says 1100 already.
    w.proxy.mode = { kind: 'pass' };
    const before = await t.getBalance('asha');
    expect(before.provisional).toBe(1100);
    // A refresh from the ledger says 1100 at a newer version: it already holds the pending 100.
    const refreshed = nextEvent(t, 'balance', (b) => b.memberId === 'asha');
    expect((await t.lookupMember({ memberId: 'asha' })).source).toBe('cache');
    expect(await refreshed).toMatchObject({ confirmed: 1000, provisional: 1100 });
    // A pull the same: the balance is not taken while the till's own answer is missing.
    await w.ledger.post(
      '/v1/admin/adjustments',
      { protocol: 'v1', adjustments: [{ intentId: '01JD0000000000000000000002', memberId: 'asha', points: 1, reason: 'x', approvedBy: 'y' }] },
      w.ledger.adminKey,
    );
    await t.sync();
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 1101, provisional: 1101 });
  });

  it('recovers when the till dies while storing the answer', async () => {
    const factory = new IDBFactory();
    let crash: (() => Promise<void>) | undefined;
    // The answer arrives, and the database goes away before the till can store it.
    const dyingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input instanceof Request ? input.url : input).endsWith('/v1/push')) await crash?.();
      return response;
    };
    const first = w.terminal({ factory, fetch: dyingFetch });
    crash = () => first.close();
    await first.start();
    await first.lookupMember({ memberId: 'asha' });
    await first.accrue({ memberId: 'asha', points: 25, bill: bill('B1', 25_000) });
    await expect(first.sync()).rejects.toBeDefined();
    expect(await w.ledgerPoints('asha')).toBe(1025);

    const second = w.terminal({ factory });
    await second.start();
    expect(await second.getBalance('asha')).toMatchObject({ provisional: 1025 });
    expect(await second.sync()).toMatchObject({ pushed: 1, confirmed: 1 });
    expect(await second.getBalance('asha')).toMatchObject({ confirmed: 1025, provisional: 1025 });
    await expectLedgerApplied(1);
  });
});

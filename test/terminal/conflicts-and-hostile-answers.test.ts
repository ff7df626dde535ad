import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConflictEvent } from '../../src/index.js';
import { bill, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

describe('conflicts and answers the till must not believe', () => {
  let w: TillWorld;
  beforeEach(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 500 }]);
  });
  afterEach(() => w.close());

  it('turns a redemption the ledger refuses into a conflict, and rebases the provisional balance', async () => {
    // The store lets tills redeem offline within limits.
    await w.ledger.post('/v1/admin/policy', { protocol: 'v1', policy: { offline: 'limit', limitPerRedemption: 500, limitPerMember: 500 } }, w.ledger.adminKey);
    const t = w.terminal();
    await t.start();
    await t.sync();
    await t.lookupMember({ memberId: 'asha' });
    w.proxy.mode = { kind: 'offline' };
    const offlineRedeem = await t.redeem({ memberId: 'asha', points: 400 });
    const accrual = await t.accrue({ memberId: 'asha', points: 20, bill: bill('B1', 20_000) });
    expect(offlineRedeem.balance.provisional).toBe(100);

    // Meanwhile the member spends 300 in the app, and head office tightens the offline limit: the
    // redemption is now beyond a cap and the member no longer has the points, so no shortfall is charged.
    await w.ledger.post(
      '/v1/admin/adjustments',
      { protocol: 'v1', adjustments: [{ intentId: '01JD0000000000000000000003', memberId: 'asha', points: -300, reason: 'app redemption', approvedBy: 'app' }] },
      w.ledger.adminKey,
    );
    await w.ledger.post('/v1/admin/policy', { protocol: 'v1', policy: { offline: 'limit', limitPerRedemption: 300 } }, w.ledger.adminKey);
    w.proxy.mode = { kind: 'pass' };
    const conflicts: ConflictEvent[] = [];
    t.on('conflict', (c) => conflicts.push(c));
    const report = await t.sync();
    expect(report).toMatchObject({ pushed: 2, confirmed: 1, rejected: 1 });
    expect(conflicts).toEqual([
      expect.objectContaining({ intentId: offlineRedeem.intentId, reason: 'limit_exceeded', points: 400, action: expect.stringContaining('collect') }),
    ]);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 220, provisional: 220, pendingRedemption: 0 });
    expect((await t.status()).conflicts).toBe(1);
    expect((await t.conflicts()).map((c) => c.intentId)).toEqual([offlineRedeem.intentId]);
    await t.acknowledgeConflict(offlineRedeem.intentId);
    expect((await t.status()).conflicts).toBe(0);
    const history = await t.history('asha');
    expect(history.find((i) => i.intentId === accrual.intentId)?.state).toBe('confirmed');
  });

  const hostile: [string, (path: string, body: string) => { status: number; body: string }][] = [
    ['not JSON', () => ({ status: 200, body: '<html>gateway</html>' })],
    ['the wrong shape', () => ({ status: 200, body: JSON.stringify({ protocol: 'v1', results: 'all good' }) })],
    ['no result for the intent', () => ({ status: 200, body: JSON.stringify({ protocol: 'v1', results: [] }) })],
    ['a result for another intent', (_p, body) => {
      const intent = JSON.parse(body).intents[0];
      return { status: 200, body: JSON.stringify({ protocol: 'v1', results: [{
        intentId: '01JD0000000000000000000009', outcome: 'applied',
        balance: { memberId: intent.memberId, points: 1e6, held: 0, available: 1e6, version: 99, updatedAt: new Date().toISOString() },
      }] }) };
    }],
    ['a balance of another member', (_p, body) => {
      const intent = JSON.parse(body).intents[0];
      return { status: 200, body: JSON.stringify({ protocol: 'v1', results: [{
        intentId: intent.intentId, outcome: 'applied',
        balance: { memberId: 'mallory', points: 1e6, held: 0, available: 1e6, version: 99, updatedAt: new Date().toISOString() },
      }] }) };
    }],
    ['fractional points', (_p, body) => {
      const intent = JSON.parse(body).intents[0];
      return { status: 200, body: JSON.stringify({ protocol: 'v1', results: [{
        intentId: intent.intentId, outcome: 'applied',
        balance: { memberId: intent.memberId, points: 10.5, held: 0, available: 10.5, version: 99, updatedAt: new Date().toISOString() },
      }] }) };
    }],
  ];

  it.each(hostile)('rejects a push answer with %s as a protocol violation and changes nothing', async (_name, respond) => {
    const factory = new IDBFactory();
    const t = w.terminal({ factory });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    await t.sync(); // registers the till's incarnation: the answers below are answers to a push
    await t.accrue({ memberId: 'asha', points: 10, bill: bill('B1', 10_000) });
    const before = await t.getBalance('asha');
    w.proxy.mode = { kind: 'respond', respond };
    await expect(t.sync()).rejects.toMatchObject({ code: 'protocol_violation' });
    expect(await t.getBalance('asha')).toEqual(before);
    const status = await t.status();
    expect(status).toMatchObject({ queueDepth: 1, online: true, lastError: { code: 'protocol_violation' } });
    // The real ledger later settles it once.
    w.proxy.mode = { kind: 'pass' };
    await t.sync();
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 510, provisional: 510 });
  });

  it('reports a revoked key as unauthorized and keeps the queue', async () => {
    const t = w.terminal();
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    await t.accrue({ memberId: 'asha', points: 10, bill: bill('B1', 10_000) });
    await w.ledger.post('/v1/admin/terminals/till-1/revoke', {}, w.ledger.adminKey);
    await expect(t.sync()).rejects.toMatchObject({ code: 'unauthorized' });
    expect((await t.status()).queueDepth).toBe(1);
  });
});

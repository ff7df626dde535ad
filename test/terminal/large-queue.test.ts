import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bill, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

// Settling a batch stays inside one IndexedDB transaction from its first read to its last
// write: a wait on anything but IndexedDB, once per intent, let a full batch's transaction
// commit early (PrematureCommitError), and a queue longer than a batch never drained.
describe('a till with a long queue', () => {
  let w: TillWorld;
  beforeEach(async () => {
    w = await startTillWorld(Array.from({ length: 20 }, (_, i) => ({ memberId: `m${i}`, openingPoints: 100 })));
  });
  afterEach(() => w.close());

  it('drains several full batches in one round, each intent confirmed once', async () => {
    const t = w.terminal({ autoSync: false, batchSize: 200 });
    await t.start();
    for (let i = 0; i < 450; i++) await t.accrue({ memberId: `m${i % 20}`, points: 5, bill: bill(`B${i}`, 500) });
    expect(await t.sync()).toMatchObject({ pushed: 450, confirmed: 450, rejected: 0, quarantined: 0, requests: 3 });
    expect((await t.status()).queueDepth).toBe(0);
    for (let i = 0; i < 20; i++) {
      expect(await w.ledgerPoints(`m${i}`)).toBe(100 + 5 * 23 - (i >= 10 ? 5 : 0));
      expect(await t.getBalance(`m${i}`)).toMatchObject({ confirmed: await w.ledgerPoints(`m${i}`), pendingAccrual: 0 });
    }
  });
});

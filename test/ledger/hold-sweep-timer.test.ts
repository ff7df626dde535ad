import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DATABASES } from '../support/ledger-fixture.js';
import { startRedemptionWorld, type RedemptionWorld } from './support/redemption-world.js';

const PUNE = { terminalId: 'pune-1', storeId: 'pune' };

describe.each(DATABASES)('the ledger\'s periodic hold sweep (%s)', (kind) => {
  let w: RedemptionWorld;
  let key: string;
  beforeAll(async () => {
    // Only the sweep's interval is faked: the database and HTTP keep their real timers.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    w = await startRedemptionWorld(kind, { holdSweepMs: 30_000 });
    key = await w.t.addTerminal(PUNE.terminalId, PUNE.storeId);
    await w.t.addMembers([{ memberId: 'asha', openingPoints: 500 }]);
  });
  afterAll(async () => {
    await w.t.close();
    vi.useRealTimers();
  });

  it('releases an expired hold of a member nobody touches when its interval comes round', async () => {
    await w.hold(key, PUNE, 'asha', 200);
    w.advance(16);
    const held = async () => (await w.t.ledger.database.query(`SELECT held::int AS held FROM members WHERE member_id = 'asha'`))[0]!.held;
    expect(await held()).toBe(200);
    vi.advanceTimersByTime(30_000);
    // The sweep runs on its own once its timer fires: wait for its write, not for a time.
    await vi.waitFor(async () => expect(await held()).toBe(0), { timeout: 10_000, interval: 20 });
    const tb = await w.trialBalance();
    expect(tb.total).toBe(0);
    expect(tb.mismatchedMembers).toEqual([]);
  });
});

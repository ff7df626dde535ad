import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bill, nextEvent, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

function countingFetch() {
  const paths: string[] = [];
  const f: typeof fetch = (input, init) => {
    paths.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
    return fetch(input, init);
  };
  return { fetch: f, paths };
}

describe('several terminal objects on one database (tabs)', () => {
  let w: TillWorld;
  beforeEach(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 300 }]);
  });
  afterEach(() => w.close());

  it('run one sync loop: the leader pushes what another tab wrote', async () => {
    const factory = new IDBFactory();
    const a = countingFetch();
    const b = countingFetch();
    const leader = w.terminal({ factory, fetch: a.fetch, autoSync: true, leaderElection: 'lease' });
    await leader.start();
    await nextEvent(leader, 'sync');
    const follower = w.terminal({ factory, fetch: b.fetch, autoSync: true, leaderElection: 'lease' });
    await follower.start();
    expect((await follower.sync()).leader).toBe(false);
    expect((await leader.status()).leader).toBe(true);
    expect((await follower.status()).leader).toBe(false);

    const confirmed = nextEvent(leader, 'intent', (e) => e.status === 'confirmed');
    const receipt = await follower.accrue({ memberId: 'asha', points: 15, bill: bill('B1', 15_000) });
    expect((await confirmed).intentId).toBe(receipt.intentId);
    expect(b.paths.filter((p) => p === '/v1/push')).toEqual([]);
    expect(a.paths.filter((p) => p === '/v1/push')).toHaveLength(1);
    expect(await follower.getBalance('asha')).toMatchObject({ confirmed: 315, provisional: 315 });
  });

  it('share the local check, so two tabs cannot spend the same points', async () => {
    const factory = new IDBFactory();
    const one = w.terminal({ factory });
    const two = w.terminal({ factory });
    await one.start();
    await two.start();
    await one.lookupMember({ memberId: 'asha' });
    const results = await Promise.allSettled([one.redeem({ memberId: 'asha', points: 200 }), two.redeem({ memberId: 'asha', points: 200 })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'insufficient_points' } });
    expect((await two.getBalance('asha')).provisional).toBe(100);
  });

  it('hand the lead over when the leader closes, and after a crashed leader\'s lease runs out', async () => {
    const factory = new IDBFactory();
    let clock = Date.now();
    const now = () => clock;
    const first = w.terminal({ factory, now, leaderElection: 'lease', pullIntervalMs: 1000 });
    const second = w.terminal({ factory, now, leaderElection: 'lease', pullIntervalMs: 1000 });
    const third = w.terminal({ factory, now, leaderElection: 'lease', pullIntervalMs: 1000 });
    for (const t of [first, second, third]) await t.start();
    expect((await first.sync()).leader).toBe(true);
    expect((await second.sync()).leader).toBe(false);
    await first.close();
    expect((await second.sync()).leader).toBe(true);
    // The second "crashes" (never closes); the third waits out the lease (3 x pullIntervalMs, at least 10 s).
    expect((await third.sync()).leader).toBe(false);
    clock += 10_001;
    expect((await third.sync()).leader).toBe(true);
  });
});

import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Terminal, TerminalStatus } from '../../src/index.js';
import { bill, nextEvent, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';
import { HandTimers } from './support/hand-timers.js';

/** Resolves with the snapshot when a status subscriber is called with one that satisfies `match`. */
function nextSnapshot(t: Terminal, match: (s: TerminalStatus) => boolean): Promise<TerminalStatus> {
  const { subscribeStatus, getStatusSnapshot } = t; // unbound, as React's useSyncExternalStore calls them
  return new Promise((resolve) => {
    const off = subscribeStatus(() => {
      const snapshot = getStatusSnapshot();
      if (match(snapshot)) {
        off();
        resolve(snapshot);
      }
    });
  });
}

describe('sync() on a follower tab', () => {
  let w: TillWorld;
  beforeEach(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 300 }]);
  });
  afterEach(() => w.close());

  it('says it is a follower at once, or, asked to, waits for the leader\'s round and answers its figures', async () => {
    const factory = new IDBFactory();
    const leader = w.terminal({ factory, autoSync: true, leaderElection: 'lease' });
    await leader.start();
    await nextEvent(leader, 'sync');
    const follower = w.terminal({ factory, leaderElection: 'lease' });
    await follower.start();
    await follower.lookupMember({ memberId: 'asha' });

    const { intentId } = await follower.accrue({ memberId: 'asha', points: 15, bill: bill('B1', 15_000) });
    const atOnce = await follower.sync();
    expect(atOnce).toMatchObject({ leader: false, pushed: 0, requests: 0 });
    expect(atOnce.waited).toBeUndefined();

    const waited = await follower.sync({ waitForLeader: true });
    expect(waited).toMatchObject({ leader: false, waited: true });
    // The leader's round started after the wait began: what this tab wrote before is settled.
    expect(await follower.intent(intentId)).toMatchObject({ state: 'confirmed' });
    expect(await follower.getBalance('asha')).toMatchObject({ confirmed: 315, provisional: 315 });
  });

  it('gives up with timeout when no leader round comes, on the terminal\'s timers', async () => {
    const factory = new IDBFactory();
    const timers = new HandTimers();
    // A leader that never runs a round of its own (no autoSync): it only holds the lead.
    const leader = w.terminal({ factory, leaderElection: 'lease', timers });
    await leader.start();
    expect((await leader.sync()).leader).toBe(true);
    const follower = w.terminal({ factory, leaderElection: 'lease', timers });
    await follower.start();
    const waiting = follower.sync({ waitForLeader: true, timeout: 7777 }).catch((e: unknown) => e);
    await timers.fire(7777);
    expect(await waiting).toMatchObject({ code: 'timeout' });
    await expect(follower.sync({ waitForLeader: 'yes' as never })).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('answers a leader\'s own sync as before, with no waited flag', async () => {
    const t = w.terminal();
    await t.start();
    const report = await t.sync({ waitForLeader: true });
    expect(report.leader).toBe(true);
    expect(report.waited).toBeUndefined();
  });
});

describe('getStatusSnapshot and subscribeStatus, for useSyncExternalStore', () => {
  let w: TillWorld;
  beforeEach(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 300 }]);
  });
  afterEach(() => w.close());

  it('answers the same object until something changed, and a new one after a write and after a sync', async () => {
    let clock = 1_000_000;
    const t = w.terminal({ now: () => clock });
    const initial = t.getStatusSnapshot();
    expect(initial).toMatchObject({ online: null, queueDepth: 0, oldestPendingAgeMs: 0, lastSyncAt: null, lastError: null, conflicts: 0, quarantined: 0 });
    expect(t.getStatusSnapshot()).toBe(initial);

    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const before = t.getStatusSnapshot();
    expect(t.getStatusSnapshot()).toBe(before);

    const written = nextSnapshot(t, (s) => s.queueDepth === 1);
    await t.accrue({ memberId: 'asha', points: 15, bill: bill('B1', 15_000) });
    const afterWrite = await written;
    expect(afterWrite).not.toBe(before);
    expect(t.getStatusSnapshot()).toBe(afterWrite);

    clock += 5000;
    const aged = nextSnapshot(t, (s) => s.oldestPendingAgeMs === 5000);
    await t.accrue({ memberId: 'asha', points: 5, bill: bill('B2', 5000) });
    expect(await aged).toMatchObject({ queueDepth: 2, oldestPendingAgeMs: 5000 });

    const synced = nextSnapshot(t, (s) => s.queueDepth === 0 && s.lastSyncAt !== null);
    await t.sync();
    const afterSync = await synced;
    expect(afterSync).toMatchObject({ online: true, queueDepth: 0, oldestPendingAgeMs: 0, lastSyncAt: clock, leader: true });
    expect(t.getStatusSnapshot()).toBe(afterSync);
    // Read again with nothing changed: the same object.
    await t.status();
    expect(t.getStatusSnapshot()).toBe(afterSync);
  });

  it('catches a late subscriber up with a write made before it subscribed', async () => {
    const t = w.terminal();
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    await t.accrue({ memberId: 'asha', points: 15, bill: bill('B1', 15_000) });
    // Nothing else happens: only the read made on subscribing can show the queued bill.
    expect(await nextSnapshot(t, (s) => s.queueDepth === 1)).toMatchObject({ queueDepth: 1 });
  });

  it('stops calling a subscriber once it unsubscribed', async () => {
    const t = w.terminal();
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    let calls = 0;
    const off = t.subscribeStatus(() => calls++);
    const written = nextSnapshot(t, (s) => s.queueDepth === 1);
    await t.accrue({ memberId: 'asha', points: 15, bill: bill('B1', 15_000) });
    await written;
    const heard = calls; // the catch-up read on subscribing, and the write
    expect(heard).toBeGreaterThan(0);
    off();
    const again = nextSnapshot(t, (s) => s.queueDepth === 2);
    await t.accrue({ memberId: 'asha', points: 15, bill: bill('B2', 15_000) });
    await again;
    expect(calls).toBe(heard);
  });
});

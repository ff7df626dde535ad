import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Terminal } from '../../src/index.js';
import { bill, nextEvent, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';
import { gatedFetch } from './support/gated-fetch.js';
import { HandTimers } from './support/hand-timers.js';

const PULL_MS = 60_000;
const RETRY = { baseMs: 1000, maxMs: 8000 };

// Every wait is on an explicit event or a hand-driven timer: the gates hold requests to the
// real ledger until the test opens them.
describe('push first: a new intent is pushed as soon as it is stored', () => {
  let w: TillWorld;
  let timers: HandTimers;
  let gates: ReturnType<typeof gatedFetch>;
  beforeEach(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 100 }]);
    timers = new HandTimers();
    gates = gatedFetch();
  });
  afterEach(() => w.close());

  const till = (factory = new IDBFactory()) =>
    // The live stream has timers of its own (debounce, idle watchdog); these tests read the rounds' timers only.
    w.terminal({ factory, autoSync: true, timers, fetch: gates.fetch, random: () => 0, retry: RETRY, pullIntervalMs: PULL_MS, liveStream: false });

  /** A started till whose first round ended, holding asha. */
  async function synced(t: Terminal): Promise<void> {
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const first = nextEvent(t, 'sync');
    await timers.fire(0);
    await first;
  }

  /** Fires the next round on the pull interval, its push finding nothing (the pull comes next). */
  const nextRound = () => timers.fire(PULL_MS);

  it.each([
    { phase: 'pull', path: '/v1/pull' },
    { phase: 'ruleset fetch', path: '/v1/rulesets/current' },
    { phase: 'holds tidying', path: '/v1/policy' },
  ])('confirms a bill stored while a round waits for its $phase, before that round ends', async ({ path }) => {
    const t = till();
    await synced(t);
    const held = gates.hold(path, 'request');
    await nextRound();
    await held.arrived;

    const confirmed = nextEvent(t, 'intent', (e) => e.status === 'confirmed');
    const receipt = await t.accrue({ memberId: 'asha', points: 10, bill: bill('B1', 10_000) });
    expect((await confirmed).intentId).toBe(receipt.intentId);
    expect(await w.ledgerPoints('asha')).toBe(110);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 110, provisional: 110 });

    const roundEnd = nextEvent(t, 'sync', (r) => r.requests === 0);
    held.open();
    await roundEnd;
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 110, provisional: 110 });
    expect(timers.pending).toEqual([PULL_MS]);
  });

  it('keeps one push in flight: bills stored meanwhile leave right after it, together, in seq order', async () => {
    const t = till();
    await synced(t);
    const answer = gates.hold('/v1/push', 'answer');
    const first = await t.accrue({ memberId: 'asha', points: 1, bill: bill('B1', 1000) });
    await answer.arrived;
    const second = await t.accrue({ memberId: 'asha', points: 2, bill: bill('B2', 2000) });
    const third = await t.accrue({ memberId: 'asha', points: 3, bill: bill('B3', 3000) });
    expect(gates.pushes()).toHaveLength(1);

    const all = nextEvent(t, 'status', (s) => s.queueDepth === 0);
    answer.open();
    await all;
    expect(gates.pushes().map((p) => p.intents.map((i) => i.intentId))).toEqual([[first.intentId], [second.intentId, third.intentId]]);
    const seqs = gates.pushes().flatMap((p) => p.intents.map((i) => i.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(await w.ledgerPoints('asha')).toBe(106);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 106, provisional: 106 });
  });

  it('backs off after a failed push: later bills wait for the retry round, which pushes them all', async () => {
    const t = till();
    await synced(t);
    w.proxy.mode = { kind: 'offline' };
    const failed = nextEvent(t, 'status', (s) => s.lastError !== null);
    await t.accrue({ memberId: 'asha', points: 1, bill: bill('B1', 1000) });
    await failed;
    // The retry is a full round after the first backoff (no jitter), in place of the pull interval.
    expect(timers.pending).toEqual([RETRY.baseMs / 2]);
    await t.accrue({ memberId: 'asha', points: 2, bill: bill('B2', 2000) });
    expect(gates.pushes()).toHaveLength(1);

    w.proxy.mode = { kind: 'pass' };
    const recovered = nextEvent(t, 'sync', (r) => r.pulled >= 0 && r.confirmed === 2);
    await timers.fire(RETRY.baseMs / 2);
    await recovered;
    expect(gates.pushes()).toHaveLength(2);
    expect(await w.ledgerPoints('asha')).toBe(103);
    expect(timers.pending).toEqual([PULL_MS]);
  });
});

describe('a push beside a pull of the same member counts every intent once', () => {
  let w: TillWorld;
  let timers: HandTimers;
  let gates: ReturnType<typeof gatedFetch>;
  beforeEach(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 100 }]);
    timers = new HandTimers();
    gates = gatedFetch();
  });
  afterEach(() => w.close());

  const till = (factory = new IDBFactory()) =>
    w.terminal({ factory, autoSync: true, timers, fetch: gates.fetch, random: () => 0, retry: RETRY, pullIntervalMs: PULL_MS });

  async function synced(t: Terminal): Promise<void> {
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const first = nextEvent(t, 'sync');
    await timers.fire(0);
    await first;
  }

  it('does not take a pulled balance that holds a push whose answer is still on its way', async () => {
    const t = till();
    await synced(t);
    const pull = gates.hold('/v1/pull', 'request');
    await timers.fire(PULL_MS);
    await pull.arrived;
    const answer = gates.hold('/v1/push', 'answer');
    await t.accrue({ memberId: 'asha', points: 10, bill: bill('B1', 10_000) });
    await answer.arrived; // applied at the ledger: its balance holds the bill now

    const roundEnd = nextEvent(t, 'sync');
    pull.open();
    await roundEnd; // the pull stored what it could while the push was in flight
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 100, provisional: 110 });

    const settled = nextEvent(t, 'intent', (e) => e.status === 'confirmed');
    answer.open();
    await settled;
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 110, provisional: 110 });
  });

  it('does not go back to an older pulled balance that lands after the push settled', async () => {
    const t = till();
    await synced(t);
    const pull = gates.hold('/v1/pull', 'answer');
    await timers.fire(PULL_MS);
    await pull.arrived; // the ledger answered with asha at 100, not yet stored here

    const settled = nextEvent(t, 'intent', (e) => e.status === 'confirmed');
    await t.accrue({ memberId: 'asha', points: 10, bill: bill('B1', 10_000) });
    await settled;
    const roundEnd = nextEvent(t, 'sync');
    pull.open();
    await roundEnd;
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 110, provisional: 110 });
    expect(await w.ledgerPoints('asha')).toBe(110);
  });

  it('counts a push whose answer was lost beside a pull once, through the retry and after a restart', async () => {
    const factory = new IDBFactory();
    const t = till(factory);
    await synced(t);
    const pull = gates.hold('/v1/pull', 'request');
    await timers.fire(PULL_MS);
    await pull.arrived;
    const lost = gates.hold('/v1/push', 'lose');
    const failed = nextEvent(t, 'status', (s) => s.lastError !== null);
    await t.accrue({ memberId: 'asha', points: 10, bill: bill('B1', 10_000) });
    await lost.arrived; // applied at the ledger; the answer will never arrive
    const roundEnd = nextEvent(t, 'sync');
    pull.open();
    await roundEnd;
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 100, provisional: 110 });
    lost.open();
    await failed;
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 100, provisional: 110 });

    // The till "crashes" before its retry; a new terminal on the same database sends the bill again.
    await t.close();
    const again = w.terminal({ factory, autoSync: false, fetch: gates.fetch });
    await again.start();
    const report = await again.sync();
    expect(report).toMatchObject({ pushed: 1, confirmed: 1 });
    expect(await again.getBalance('asha')).toMatchObject({ confirmed: 110, provisional: 110 });
    expect(await w.ledgerPoints('asha')).toBe(110);
  });
});

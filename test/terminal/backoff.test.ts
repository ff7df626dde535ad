import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retryDelay } from '../../src/index.js';
import { bill, nextEvent, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

describe('retryDelay', () => {
  const policy = { baseMs: 500, maxMs: 30_000 };

  it('doubles from the base up to the cap, half fixed and half jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelay(n, policy, () => 0))).toEqual([250, 500, 1000, 2000, 4000, 8000, 15000, 15000]);
    expect([1, 2, 8, 100].map((n) => retryDelay(n, policy, () => 0.999999))).toEqual([500, 1000, 30000, 30000]);
  });

  it('stays within [cap/2, cap] for any failure count and randomness', () => {
    for (let n = 1; n < 64; n++) {
      for (const r of [0, 0.25, 0.5, 0.75, 0.99]) {
        const capped = Math.min(policy.maxMs, policy.baseMs * 2 ** (n - 1));
        const d = retryDelay(n, policy, () => r);
        expect(d).toBeGreaterThanOrEqual(capped / 2);
        expect(d).toBeLessThanOrEqual(capped);
      }
    }
  });
});

describe('the sync loop under failures', () => {
  let w: TillWorld;
  beforeEach(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 100 }]);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await w.close();
  });

  it('backs off exponentially while the ledger is unreachable, and retries at once on an online hint', async () => {
    let hint: ((h: 'online' | 'offline') => void) | undefined;
    // The member is cached before the outage, by a terminal on the same database that does not sync.
    const factory = new IDBFactory();
    const warm = w.terminal({ factory });
    await warm.start();
    await warm.lookupMember({ memberId: 'asha' });
    await warm.close();
    const t = w.terminal({
      factory,
      autoSync: true,
      random: () => 0,
      retry: { baseMs: 1000, maxMs: 8000 },
      pullIntervalMs: 60_000,
      requestTimeoutMs: 7777,
      connectivity: { subscribe: (l) => ((hint = l), () => {}) },
    });
    w.proxy.mode = { kind: 'offline' };
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const delays: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      if (ms !== 7777) delays.push(ms ?? 0);
      return realSetTimeout(fn, ms);
    }) as typeof setTimeout);

    await t.start();
    // (A bill taken before the first failure would be pushed at once: push first.)
    for (const expected of [500, 1000, 2000, 4000, 4000]) {
      const failed = nextEvent(t, 'status', (s) => s.lastError !== null);
      await vi.advanceTimersByTimeAsync(delays.length === 0 ? 0 : delays[delays.length - 1]!);
      await failed;
      expect(delays[delays.length - 1]).toBe(expected);
      // Bills taken during the outage wait for the scheduled retry: no request each.
      await t.accrue({ memberId: 'asha', points: 1, bill: bill(`B${expected}`, 100) });
    }
    // One request a round: the fresh till's registration (which comes before any push) never got through.
    const requestsWhileDown = w.proxy.seen.filter((p) => p === '/v1/push' || p === '/v1/incarnations').length;
    expect(requestsWhileDown).toBe(5);

    w.proxy.mode = { kind: 'pass' };
    const recovered = nextEvent(t, 'status', (s) => s.lastError === null && s.queueDepth === 0);
    expect((await t.status()).queueDepth).toBe(5);
    hint!('online');
    await vi.advanceTimersByTimeAsync(0);
    expect(await recovered).toMatchObject({ online: true, queueDepth: 0 });
    expect(delays[delays.length - 1]).toBe(60_000);
  });
});

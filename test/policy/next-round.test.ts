import { describe, expect, it } from 'vitest';
import { afterPushAction, nextRoundDelay, nudgeAction } from '../../src/policy/next-round.js';

const timing = { pullIntervalMs: 15_000, retry: { baseMs: 500, maxMs: 30_000 } };

describe('nextRoundDelay', () => {
  it.each([
    { name: 'runs again at once when work was asked for during the round', end: { again: true, failures: 3 }, delay: 0 },
    { name: 'waits the pull interval after a success', end: { again: false, failures: 0 }, delay: 15_000 },
    { name: 'backs off after a first failure', end: { again: false, failures: 1 }, delay: 250 },
    { name: 'backs off longer after more failures, up to the cap', end: { again: false, failures: 20 }, delay: 15_000 },
  ])('$name', ({ end, delay }) => {
    expect(nextRoundDelay(end, timing, () => 0)).toBe(delay);
  });
});

const idle = { failures: 0, resetBackoff: false, pushRunning: false, roundRunning: false, started: true };

describe('nudgeAction', () => {
  it.each([
    { name: 'pushes at once when idle', s: idle, action: 'push-now' },
    { name: 'pushes at once while a round pulls, fetches the ruleset or prunes (push first)', s: { ...idle, roundRunning: true }, action: 'push-now' },
    { name: 'queues one more push after the one in flight', s: { ...idle, pushRunning: true }, action: 'push-after' },
    { name: 'queues one more push after a round\'s push in flight', s: { ...idle, pushRunning: true, roundRunning: true }, action: 'push-after' },
    { name: 'waits for the scheduled retry after failures', s: { ...idle, failures: 2 }, action: 'ignore' },
    { name: 'runs a full round at once on a sign the network is back, even after failures', s: { ...idle, failures: 2, resetBackoff: true }, action: 'round-now' },
    { name: 'runs a full round after the one running on a sign the network is back', s: { ...idle, resetBackoff: true, roundRunning: true }, action: 'round-after' },
    { name: 'does nothing for a loop not started', s: { ...idle, started: false }, action: 'ignore' },
    { name: 'does nothing for a loop not started, even on a sign of the network', s: { ...idle, started: false, resetBackoff: true }, action: 'ignore' },
  ] as const)('$name', ({ s, action }) => {
    expect(nudgeAction(s)).toBe(action);
  });
});

describe('afterPushAction', () => {
  const ok = { failed: false, again: false, roundRunning: false, started: true };
  it.each([
    { name: 'stays idle after a push when nothing more was stored', s: ok, action: 'idle' },
    { name: 'pushes again at once what was stored during the push', s: { ...ok, again: true }, action: 'push-again' },
    { name: 'pushes again beside a running round', s: { ...ok, again: true, roundRunning: true }, action: 'push-again' },
    { name: 'schedules a retry round after a failed push', s: { ...ok, failed: true, again: true }, action: 'retry-round' },
    { name: 'leaves the retry to a running round\'s end after a failed push', s: { ...ok, failed: true, roundRunning: true }, action: 'idle' },
    { name: 'does nothing more once the loop is stopped', s: { ...ok, again: true, started: false }, action: 'idle' },
  ] as const)('$name', ({ s, action }) => {
    expect(afterPushAction(s)).toBe(action);
  });
});

describe('nextRoundDelay after a busy ledger (Retry-After)', () => {
  it('waits at least what the ledger asked, even with more work to send', () => {
    expect(nextRoundDelay({ again: true, failures: 1, retryAfterMs: 2_000 }, timing, () => 0)).toBe(2_000);
    expect(nextRoundDelay({ again: false, failures: 1, retryAfterMs: 2_000 }, timing, () => 0.999)).toBeLessThanOrEqual(3_000);
  });

  it('never waits less than the backoff, and never past the longest retry delay', () => {
    expect(nextRoundDelay({ again: false, failures: 20, retryAfterMs: 1_000 }, timing, () => 0)).toBe(15_000);
    expect(nextRoundDelay({ again: false, failures: 1, retryAfterMs: 3_600_000 }, timing, () => 0)).toBe(30_000);
  });

  it('ignores a Retry-After once a round succeeded', () => {
    expect(nextRoundDelay({ again: false, failures: 0, retryAfterMs: 2_000 }, timing, () => 0)).toBe(15_000);
  });
});

import { describe, expect, it } from 'vitest';
import { nextRoundDelay, nudgeAction } from '../../src/policy/next-round.js';

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

describe('nudgeAction', () => {
  it.each([
    { name: 'waits for the scheduled retry after failures', s: { failures: 2, resetBackoff: false, roundRunning: false, started: true }, action: 'ignore' },
    { name: 'runs at once on a sign the network is back, even after failures', s: { failures: 2, resetBackoff: true, roundRunning: false, started: true }, action: 'now' },
    { name: 'queues one more round after the one running', s: { failures: 0, resetBackoff: false, roundRunning: true, started: true }, action: 'after-round' },
    { name: 'runs at once when idle', s: { failures: 0, resetBackoff: false, roundRunning: false, started: true }, action: 'now' },
    { name: 'does nothing for a loop not started', s: { failures: 0, resetBackoff: false, roundRunning: false, started: false }, action: 'ignore' },
  ] as const)('$name', ({ s, action }) => {
    expect(nudgeAction(s)).toBe(action);
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

import { describe, expect, it } from 'vitest';
import { delayAfterBusy, parseRetryAfter } from '../../src/policy/retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');

  it('reads whole seconds and HTTP dates, as ms from now', () => {
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Mon, 30 Nov 2026 12:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Mon, 30 Nov 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('gives nothing for an absent or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
  });
});

describe('delayAfterBusy', () => {
  const policy = { baseMs: 500, maxMs: 30_000 };

  it('waits what was asked plus up to half again, never less than the backoff, never past the cap', () => {
    expect(delayAfterBusy(2_000, 250, policy, () => 0)).toBe(2_000);
    expect(delayAfterBusy(2_000, 250, policy, () => 0.5)).toBe(2_500);
    expect(delayAfterBusy(1_000, 8_000, policy, () => 0)).toBe(8_000);
    expect(delayAfterBusy(600_000, 250, policy, () => 0.9)).toBe(30_000);
  });
});

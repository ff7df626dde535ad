import { describe, expect, it } from 'vitest';
import { correctBillTime, estimateSkew } from '../../src/ledger/clock/till-clock.js';
import { decideLimits } from '../../src/ledger/limits/decide-limits.js';
import { DEFAULT_LIMITS, resolveLimits } from '../../src/ledger/limits/limits.js';
import { MinuteWindows } from '../../src/ledger/limits/minute-windows.js';
import { afterWrongPin, isLocked, PIN_MAX_FAILURES } from '../../src/ledger/managers/pin-throttle.js';

const NOW = '2026-11-10T12:00:00.000Z';
const NONE = { terminalHour: 0, terminalDay: 0, memberRedemptionsDay: 0 };

describe('the pure decisions behind a till\'s bounded authority', () => {
  it('takes each limit from the most specific scope that sets it, null lifting it', () => {
    expect(resolveLimits([])).toEqual(DEFAULT_LIMITS);
    const limits = resolveLimits([{ pointsPerBill: null }, { pointsPerBill: 500, terminalPointsPerDay: 9 }, { manualPointsPerBill: 20 }]);
    expect(limits).toMatchObject({ pointsPerBill: null, terminalPointsPerDay: 9, manualPointsPerBill: 20, terminalPointsPerHour: null });
    expect(resolveLimits([{ manualPointsPerBill: null }]).manualPointsPerBill).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses manual points beyond the cap but lets a visit through', () => {
    expect(decideLimits({ kind: 'accrue', granted: 0, manual: true }, NONE, DEFAULT_LIMITS)).toBeUndefined();
    expect(decideLimits({ kind: 'accrue', granted: 1, manual: true }, NONE, DEFAULT_LIMITS)?.message).toContain('manualPointsPerBill');
    expect(decideLimits({ kind: 'accrue', granted: 1_000, manual: false }, NONE, DEFAULT_LIMITS)).toBeUndefined();
  });

  it('counts a terminal window up to the limit exactly', () => {
    const limits = { ...DEFAULT_LIMITS, terminalPointsPerHour: 100 };
    expect(decideLimits({ kind: 'adjust', granted: 40, manual: false }, { ...NONE, terminalHour: 60 }, limits)).toBeUndefined();
    expect(decideLimits({ kind: 'adjust', granted: 41, manual: false }, { ...NONE, terminalHour: 60 }, limits)?.reason).toBe('limit_exceeded');
    expect(decideLimits({ kind: 'redeem', granted: 0, manual: false }, { ...NONE, terminalHour: 500 }, limits)).toBeUndefined();
  });

  it('sums the busiest window a minute falls in, before and after it', () => {
    const w = new MinuteWindows();
    w.add(100, 5);
    expect(w.peak(100, 60)).toBe(5);
    expect(w.peak(159, 60)).toBe(5);
    expect(w.peak(160, 60)).toBe(0);
    w.add(150, 7);
    expect(w.peak(120, 60)).toBe(12); // the window 100..159 holds both
    expect(w.peak(41, 60)).toBe(5); // 41..100 holds the first only
  });

  it('corrects a skewed till, ignores latency, and judges the far future at the ledger\'s time', () => {
    const threeHours = 3 * 3_600_000;
    expect(estimateSkew('2026-11-10T15:00:00.000Z', NOW)).toBe(threeHours);
    expect(correctBillTime('2026-11-10T14:59:00.000Z', threeHours, NOW)).toBe('2026-11-10T11:59:00.000Z');
    expect(correctBillTime('2026-11-10T08:59:00.000Z', -threeHours, NOW)).toBe('2026-11-10T11:59:00.000Z');
    expect(correctBillTime('2026-11-10T11:59:59.000Z', -1_500, NOW)).toBe('2026-11-10T11:59:59.000Z');
    expect(correctBillTime('2026-11-10T12:01:00.000Z', 0, NOW)).toBe('2026-11-10T12:01:00.000Z');
    expect(correctBillTime('2026-11-10T12:03:00.000Z', 0, NOW)).toBe(NOW);
  });

  it('locks a PIN at the last allowed wrong try, and starts a new count after the window', () => {
    let state = { failures: 0, failuresSince: null, lockedUntil: null } as ReturnType<typeof afterWrongPin>;
    for (let i = 1; i < PIN_MAX_FAILURES; i++) state = afterWrongPin(state, NOW);
    expect(isLocked(state, NOW)).toBe(false);
    expect(afterWrongPin(state, '2026-11-10T12:20:00.000Z')).toMatchObject({ failures: 1, lockedUntil: null });
    const locked = afterWrongPin(state, NOW);
    expect(isLocked(locked, NOW)).toBe(true);
    expect(isLocked(locked, '2026-11-10T12:15:00.000Z')).toBe(false);
  });
});

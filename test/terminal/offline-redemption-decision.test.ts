import { describe, expect, it } from 'vitest';
import { holdUseBy } from '../../src/policy/hold-use-by.js';
import { decideOfflineRedemption, type OfflineRedemptionInput } from '../../src/policy/offline-redemption.js';
import { DEFAULT_REDEMPTION_POLICY } from '../../src/protocol/index.js';

const NOW = Date.parse('2026-11-30T10:00:00Z');
const ALLOWANCE_POLICY = { ...DEFAULT_REDEMPTION_POLICY, offline: 'allowance' as const };
const base: OfflineRedemptionInput = {
  policy: ALLOWANCE_POLICY, points: 100, now: NOW, provisional: 1000, balanceAsOf: NOW - 60_000,
  allowances: [], memberLimitSpent: 0, tillLimitSpent: 0, override: false,
};

describe('the offline redemption decision', () => {
  it('denies when the policy was never fetched or says deny', () => {
    expect(decideOfflineRedemption({ ...base, policy: null })).toMatchObject({ ok: false, code: 'offline_redemption_denied' });
    expect(decideOfflineRedemption({ ...base, policy: { ...DEFAULT_REDEMPTION_POLICY, offline: 'deny' } })).toMatchObject({ ok: false, code: 'offline_redemption_denied' });
    // The built-in default is deny.
    expect(decideOfflineRedemption({ ...base, policy: DEFAULT_REDEMPTION_POLICY })).toMatchObject({ ok: false, code: 'offline_redemption_denied' });
  });

  it('spends an allowance only before its use-by time and within what is usable', () => {
    const allowance = { holdId: 'A1', usable: 150, useBy: NOW + 1 };
    expect(decideOfflineRedemption({ ...base, allowances: [allowance] })).toEqual({ ok: true, basis: 'allowance', holdId: 'A1' });
    expect(decideOfflineRedemption({ ...base, points: 151, allowances: [allowance] })).toMatchObject({ ok: false, code: 'allowance_unavailable', details: { reason: 'exceeded', usable: 150 } });
    expect(decideOfflineRedemption({ ...base, allowances: [{ ...allowance, useBy: NOW }] })).toMatchObject({ ok: false, details: { reason: 'expired' } });
    expect(decideOfflineRedemption(base)).toMatchObject({ ok: false, details: { reason: 'none' } });
  });

  it('under limit, names the cap a redemption breaks, and relies on the balance as of when it was confirmed', () => {
    const limit = { ...base, policy: { ...DEFAULT_REDEMPTION_POLICY, offline: 'limit' as const } };
    expect(decideOfflineRedemption(limit)).toEqual({ ok: true, basis: 'limit', balanceAsOf: NOW - 60_000 });
    expect(decideOfflineRedemption({ ...limit, points: 501 })).toMatchObject({ details: { limit: 'perRedemption' } });
    expect(decideOfflineRedemption({ ...limit, memberLimitSpent: 901 })).toMatchObject({ details: { limit: 'perMember' } });
    expect(decideOfflineRedemption({ ...limit, tillLimitSpent: 4901 })).toMatchObject({ details: { limit: 'perTill' } });
    expect(decideOfflineRedemption({ ...limit, balanceAsOf: NOW - 1441 * 60_000 })).toMatchObject({ details: { limit: 'balanceAge' } });
    expect(decideOfflineRedemption({ ...limit, balanceAsOf: null })).toMatchObject({ details: { limit: 'balanceAge' } });
    expect(decideOfflineRedemption({ ...limit, provisional: 99 })).toMatchObject({ ok: false, code: 'insufficient_points' });
  });

  it('lets a manager override any policy, but never beyond the balance the till sees', () => {
    const deny = { ...base, policy: { ...DEFAULT_REDEMPTION_POLICY, offline: 'deny' as const }, override: true };
    expect(decideOfflineRedemption(deny)).toEqual({ ok: true, basis: 'override', balanceAsOf: NOW - 60_000 });
    expect(decideOfflineRedemption({ ...deny, provisional: 50 })).toMatchObject({ ok: false, code: 'insufficient_points' });
  });
});

describe('when a till stops using a hold or allowance', () => {
  it('measures the life left on the ledger\'s clock, whatever the till\'s clock says, less max(10 min, 10%)', () => {
    const ledgerTime = '2026-11-30T10:00:00.000Z';
    const eightHours = { ledgerTime, expiresAt: '2026-11-30T18:00:00.000Z' };
    // A till whose clock is three hours slow still stops 48 minutes before the ledger releases it.
    const tillNow = Date.parse(ledgerTime) - 3 * 3_600_000;
    expect(holdUseBy(eightHours, tillNow)).toBe(tillNow + 8 * 3_600_000 - 48 * 60_000);
    // Fifteen minutes of life leaves five to use; ten or less, none.
    expect(holdUseBy({ ledgerTime, expiresAt: '2026-11-30T10:15:00.000Z' }, 0)).toBe(5 * 60_000);
    expect(holdUseBy({ ledgerTime, expiresAt: '2026-11-30T10:10:00.000Z' }, 0)).toBe(0);
  });
});

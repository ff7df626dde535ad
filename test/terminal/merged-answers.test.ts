import { describe, expect, it } from 'vitest';
import { checkPushAnswer, type PushResult } from '../../src/policy/check-push-answer.js';
import { conflictAction } from '../../src/policy/conflict-action.js';
import type { IntentV1 } from '../../src/protocol/index.js';

const base = { terminalId: 't1', storeId: 's1', occurredAt: '2026-11-10T06:00:00.000Z' };
const enrol: IntentV1 = { ...base, intentId: '01JD0000000000000000000001', seq: 1, memberId: 'm-till', kind: 'enrol', consents: [] };
const accrue: IntentV1 = { ...base, intentId: '01JD0000000000000000000002', seq: 2, memberId: 'm-till', kind: 'accrue', points: 10, bill: { billId: 'B1', amountPaise: 1000 } };
const balance = (memberId: string, points: number, version: number) => ({ memberId, points, held: 0, available: points, version, updatedAt: base.occurredAt });
const applied = (intent: IntentV1, b: ReturnType<typeof balance>, mergedInto?: string): PushResult => ({
  intentId: intent.intentId, outcome: 'applied', balance: b, ...(mergedInto ? { mergedInto } : {}),
});

describe('answers naming the member a till-made id was merged into', () => {
  it('accepts the balance of the member named by mergedInto, one version per application', () => {
    expect(checkPushAnswer([enrol, accrue], [applied(enrol, balance('asha', 100, 5), 'asha'), applied(accrue, balance('asha', 110, 6), 'asha')])).toBeUndefined();
  });

  it('refuses the balance of another member than mergedInto names, or of another member without mergedInto', () => {
    expect(checkPushAnswer([enrol], [applied(enrol, balance('ravi', 100, 5), 'asha')])).toMatch(/another member/);
    expect(checkPushAnswer([enrol], [applied(enrol, balance('asha', 100, 5))])).toMatch(/another member/);
  });

  it('refuses an answer that merges a member into itself', () => {
    expect(checkPushAnswer([enrol], [applied(enrol, balance('m-till', 0, 1), 'm-till')])).toMatch(/into itself/);
  });

  it('counts versions per surviving member across the merged id and the survivor', () => {
    const survivorBill: IntentV1 = { ...accrue, intentId: '01JD0000000000000000000003', seq: 3, memberId: 'asha' };
    const results = [applied(enrol, balance('asha', 100, 5), 'asha'), applied(accrue, balance('asha', 110, 6), 'asha'), applied(survivorBill, balance('asha', 120, 7))];
    expect(checkPushAnswer([enrol, accrue, survivorBill], results)).toBeUndefined();
    results[2] = applied(survivorBill, balance('asha', 120, 6));
    expect(checkPushAnswer([enrol, accrue, survivorBill], results)).toMatch(/version/);
  });

  it('tells the cashier what to do about a refused enrolment', () => {
    expect(conflictAction('enrol', 'consent_required')).toMatch(/consents/);
    expect(conflictAction('enrol', 'member_exists')).toMatch(/look the customer up/);
  });
});

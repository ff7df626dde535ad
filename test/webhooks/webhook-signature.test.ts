import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from '../../src/ledger/index.js';
import { decideRetry } from '../../src/ledger/webhooks/retry-decision.js';

const SECRET = 'whsec_test-secret';
const BODY = '{"id":"01JDW0000000000000000000AA","type":"points.earned"}';
const NOW = new Date('2026-11-30T12:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);

describe('verifyWebhookSignature', () => {
  it('accepts what the ledger signs: HMAC-SHA256 of "<t>.<raw body>", hex', () => {
    const header = signWebhook(SECRET, T, BODY);
    const hex = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    expect(header).toBe(`t=${T},v1=${hex}`);
    expect(verifyWebhookSignature(SECRET, header, BODY, { now: NOW })).toEqual({ valid: true, timestamp: T });
    expect(verifyWebhookSignature(SECRET, header, new TextEncoder().encode(BODY), { now: NOW }).valid).toBe(true);
  });

  it('refuses another body, another secret, or a header with no signature of ours', () => {
    const header = signWebhook(SECRET, T, BODY);
    expect(verifyWebhookSignature(SECRET, header, BODY.replace('earned', 'redeemed'), { now: NOW })).toEqual({ valid: false, reason: 'mismatch' });
    expect(verifyWebhookSignature('whsec_other', header, BODY, { now: NOW })).toEqual({ valid: false, reason: 'mismatch' });
    for (const bad of [undefined, '', 'v1=abc', `t=${T}`, `t=soon,v1=${'0'.repeat(64)}`]) {
      expect(verifyWebhookSignature(SECRET, bad, BODY, { now: NOW })).toEqual({ valid: false, reason: 'malformed' });
    }
  });

  it('refuses a signature older or newer than the tolerance (a replay), and takes one of several v1 values', () => {
    const old = signWebhook(SECRET, T - 301, BODY);
    expect(verifyWebhookSignature(SECRET, old, BODY, { now: NOW })).toEqual({ valid: false, reason: 'outside_tolerance' });
    expect(verifyWebhookSignature(SECRET, old, BODY, { now: NOW, toleranceSeconds: 600 }).valid).toBe(true);
    const rotated = `${signWebhook(SECRET, T, BODY)},v1=${'f'.repeat(64)}`;
    expect(verifyWebhookSignature(SECRET, rotated, BODY, { now: NOW }).valid).toBe(true);
  });
});

describe('decideRetry', () => {
  const options = { retryBaseMs: 1000, retryMaxMs: 60_000, deadLetterAfterMs: 3_600_000 };

  it('doubles the delay with jitter between half and all of it, up to the cap', () => {
    expect(decideRetry(1, 0, 0, options, () => 0)).toEqual({ retryAt: 500 });
    expect(decideRetry(1, 0, 0, options, () => 0.999999)).toEqual({ retryAt: 1000 });
    expect(decideRetry(4, 0, 10_000, options, () => 0)).toEqual({ retryAt: 10_000 + 4000 });
    expect(decideRetry(40, 0, 10_000, options, () => 0.999999)).toEqual({ retryAt: 10_000 + 60_000 });
  });

  it('gives up once the dead-letter time has passed since the first attempt', () => {
    expect(decideRetry(30, 1000, 1000 + 3_599_999, options, () => 0.5)).toHaveProperty('retryAt');
    expect(decideRetry(30, 1000, 1000 + 3_600_000, options, () => 0.5)).toEqual({ dead: true });
  });
});

import type { RetryPolicy } from './retry-delay.js';

/**
 * The delay an HTTP `Retry-After` header asks for, in ms: whole seconds (`"2"`) or an HTTP
 * date, measured from `nowMs`. Undefined when absent or unreadable; never negative. Pure.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day and month in letters ("Mon, 30 Nov 2026 12:00:05 GMT").
  if (!/^[A-Za-z]{3}, /.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * How long to wait after a busy ledger asked for `retryAfterMs`, when `backoffMs` is what the
 * failures alone would wait: at least what the ledger asked, plus up to half again at random
 * (tills told the same instant do not all come back in it), and never less than the backoff;
 * both capped at the policy's longest delay, so a wrong header cannot park a till. Pure.
 */
export function delayAfterBusy(retryAfterMs: number, backoffMs: number, policy: RetryPolicy, random: () => number): number {
  const asked = Math.min(policy.maxMs, retryAfterMs);
  return Math.min(policy.maxMs, Math.max(backoffMs, Math.round(asked + (asked / 2) * random())));
}

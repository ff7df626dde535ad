/** What happens to a delivery after a failed attempt. */
export type RetryDecision = { readonly retryAt: number } | { readonly dead: true };

/**
 * After failed attempt number `attempts` (1 for the first): retry after a capped exponential
 * delay with jitter (between half and all of `base * 2^(attempts-1)`, at most `max`), or give
 * up once `deadLetterAfterMs` have passed since the first attempt. Pure: times in ms, `random` in [0, 1).
 */
export function decideRetry(
  attempts: number,
  firstAttemptAt: number,
  now: number,
  options: { readonly retryBaseMs: number; readonly retryMaxMs: number; readonly deadLetterAfterMs: number },
  random: () => number,
): RetryDecision {
  if (now - firstAttemptAt >= options.deadLetterAfterMs) return { dead: true };
  const ceiling = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40));
  return { retryAt: now + Math.round(ceiling / 2 + (random() * ceiling) / 2) };
}

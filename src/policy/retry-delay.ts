/** How long to wait before the next attempt after failures. */
export interface RetryPolicy {
  /** First delay. @default 500 */
  readonly baseMs: number;
  /** Longest delay. @default 30000 */
  readonly maxMs: number;
}

/**
 * Capped exponential backoff with "equal jitter": half the delay is fixed, half random, so
 * tills that lost the network together do not all come back in the same instant.
 * `failures` counts consecutive failures, from 1. `random` returns [0, 1).
 */
export function retryDelay(failures: number, policy: RetryPolicy, random: () => number): number {
  const exponential = policy.baseMs * 2 ** Math.max(0, Math.min(failures - 1, 30));
  const capped = Math.min(policy.maxMs, exponential);
  return Math.round(capped / 2 + (capped / 2) * random());
}

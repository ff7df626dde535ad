import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import type { Timers } from './timers.js';

/**
 * `work`, or a `network` error (`details.timedOut`) once `ms` have passed on `timers` without
 * an answer: for the few calls a cashier waits on. The late answer is dropped.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string, timers: Timers): Promise<T> {
  let timer: unknown;
  const late = new Promise<never>((_, reject) => {
    timer = timers.setTimeout(() => reject(new TillpointsError(ERROR_CODES.network, `the ledger did not answer ${what} within ${ms} ms`, { details: { timedOut: true } })), ms);
  });
  work.catch(() => {}); // a late failure is nobody's to handle
  try {
    return await Promise.race([work, late]);
  } finally {
    timers.clearTimeout(timer);
  }
}

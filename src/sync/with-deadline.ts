import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';

/**
 * `work`, or a `network` error (`details.timedOut`) once `ms` have passed without an answer:
 * for the few calls a cashier waits on. The late answer is dropped.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TillpointsError(ERROR_CODES.network, `the ledger did not answer ${what} within ${ms} ms`, { details: { timedOut: true } })), ms);
  });
  work.catch(() => {}); // a late failure is nobody's to handle
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

import { ERROR_CODES } from '../../errors/error-codes.js';
import { TillpointsError } from '../../errors/tillpoints-error.js';

/**
 * The local database layer's own failures, typed as `storage` like every other failure of
 * the local database: it was closed, it could not be opened, or a transaction was used after
 * it ended. Errors IndexedDB itself raises (quota, constraint, abort) are passed on as they
 * are; the SDK's callers wrap them with what could not be done.
 */
export function storageError(message: string, cause?: unknown, reason?: string): TillpointsError {
  return new TillpointsError(ERROR_CODES.storage, message, {
    ...(cause === undefined ? {} : { cause }),
    ...(reason ? { details: { reason } } : {}),
  });
}

/** The transaction ended before this request: its callback awaited something that is not IndexedDB. */
export function finishedTransaction(cause?: unknown): TillpointsError {
  return storageError(
    'the local transaction had already committed: a transaction callback must await only IndexedDB calls (nothing else, e.g. no network)',
    cause,
    'transaction_finished',
  );
}

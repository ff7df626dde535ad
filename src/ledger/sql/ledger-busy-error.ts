/**
 * Thrown when database work waited too long for its turn (or would have): the ledger is
 * busy, not down. Nothing of the request was done; the ledger answers `503 ledger_busy`
 * with `Retry-After` (whole seconds), and a till sends it again after that.
 */
export class LedgerBusyError extends Error {
  override readonly name = 'LedgerBusyError';
  /** Stable code, for callers that match on it. */
  readonly code = 'ledger_busy';

  /** `retryAfterSeconds`: when the queue ahead is expected to have drained (at least 1). */
  constructor(readonly retryAfterSeconds: number) {
    super(`the ledger is busy; try again in ${retryAfterSeconds} s`);
  }
}

/** Whether `error` is a {@link LedgerBusyError}, also across realms. */
export function isLedgerBusy(error: unknown): error is LedgerBusyError {
  return (error as { name?: unknown } | null)?.name === 'LedgerBusyError';
}

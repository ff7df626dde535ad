/**
 * Thrown by database work asked for once `close()` has begun (or after): a query, a transaction
 * not already under way, a ping; and by the statements of a transaction that was still open when
 * the close's wait ran out and was rolled back. Nothing of that work was done. Its `code` is the
 * SQLSTATE PostgreSQL gives for a shutdown (`57P01`), so a request that meets it is answered
 * `503 storage_unavailable`, never a 500.
 */
export class DatabaseClosedError extends Error {
  override readonly name = 'DatabaseClosedError';
  /** SQLSTATE `admin_shutdown`: the database is (being) closed. */
  readonly code = '57P01';

  constructor(message = 'the database is closed (or closing): nothing was done') {
    super(message);
  }
}

/** Whether `error` is a {@link DatabaseClosedError}, also across realms and threads. */
export function isDatabaseClosed(error: unknown): error is DatabaseClosedError {
  return (error as { name?: unknown } | null)?.name === 'DatabaseClosedError';
}

import type { SqlDatabase, SqlExecutor } from '../sql/sql-database.js';

/** Thrown inside a transaction to roll it back and run it again from the start. */
export class RetryTransaction extends Error {
  override readonly name = 'RetryTransaction';
}

// serialization_failure, deadlock_detected, unique_violation (a concurrent insert won a race)
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01', '23505']);

function isRetryable(error: unknown): boolean {
  if (error instanceof RetryTransaction) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

/**
 * Runs `work` in a transaction, again from scratch when it loses a race with another
 * transaction. Each attempt re-reads everything it decides on, so a retry is safe.
 */
export async function withTransactionRetry<T>(
  db: SqlDatabase,
  work: (tx: SqlExecutor) => Promise<T>,
  attempts = 8,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
    }
  }
}

import type { LedgerErrorCode, ValidationIssue } from '../../protocol/index.js';

/** A request the ledger refuses: an HTTP status, a stable code and a message for people. */
export class LedgerHttpError extends Error {
  override readonly name = 'LedgerHttpError';

  constructor(
    readonly status: number,
    readonly code: LedgerErrorCode,
    message: string,
    readonly issues?: readonly ValidationIssue[],
  ) {
    super(message);
  }
}

import type { ErrorCode } from './error-codes.js';

/** Everything the SDK throws on purpose: a stable `code`, a message, and the original `cause`. */
export class TillpointsError extends Error {
  override readonly name: string = 'TillpointsError';
  /** Stable, machine-readable: see `ERROR_CODES`. */
  readonly code: ErrorCode;
  /** Extra facts, e.g. validation issues or the ledger's own error code. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

/**
 * Whether `value` is a {@link TillpointsError}, optionally with one of `codes`. Matches
 * on `name` too, so it works across realms (iframes, several copies of the SDK). With codes,
 * narrows `value.code` to them.
 *
 * @example
 * if (isTillpointsError(e, ERROR_CODES.insufficientPoints)) e.code; // 'insufficient_points'
 */
export function isTillpointsError<C extends ErrorCode>(value: unknown, ...codes: C[]): value is TillpointsError & { readonly code: C } {
  const ok =
    value instanceof TillpointsError ||
    (value instanceof Error && value.name === 'TillpointsError' && typeof (value as { code?: unknown }).code === 'string');
  return ok && (codes.length === 0 || codes.includes((value as TillpointsError).code as C));
}

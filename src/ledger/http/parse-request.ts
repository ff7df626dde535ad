import * as z from 'zod/mini';
import { UNSTORABLE_TEXT_MESSAGE, unstorableTextPath } from '../../protocol/index.js';
import { LedgerHttpError } from './ledger-http-error.js';

// The ledger answers a client's mistake in English ("Too small: expected string to have >=1
// characters"). zod/mini loads no locale, so the till's bundle carries none; the ledger loads it here.
z.config(z.locales.en());

/**
 * Validates a value against its schema only, or throws a 400 `invalid_request` listing every
 * issue. Use {@link parseRequest} unless the caller checks the text itself (a push checks
 * each intent's text on its own).
 */
export function parseShape<S extends z.ZodMiniType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 50).map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
  const first = issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  throw new LedgerHttpError(
    400,
    'invalid_request',
    `invalid request: ${where}${first?.message ?? 'unknown'}`,
    issues,
  );
}

/**
 * Validates a request against its schema, or throws a 400 `invalid_request` listing every
 * issue. Text no database column can hold (a NUL, a lone surrogate) is refused here too.
 */
export function parseRequest<S extends z.ZodMiniType>(schema: S, value: unknown): z.infer<S> {
  const data = parseShape(schema, value);
  const path = unstorableTextPath(data);
  if (!path) return data;
  throw new LedgerHttpError(400, 'invalid_request', `invalid request: ${path.join('.')}: ${UNSTORABLE_TEXT_MESSAGE}`, [
    { path, message: UNSTORABLE_TEXT_MESSAGE },
  ]);
}

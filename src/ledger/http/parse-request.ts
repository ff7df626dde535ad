import type { z } from 'zod';
import { LedgerHttpError } from './ledger-http-error.js';

/** Validates a request against its schema, or throws a 400 `invalid_request` listing every issue. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
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

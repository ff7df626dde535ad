import type * as z from 'zod/mini';
import { issueTexts } from '../protocol/issue-text.js';
import type { ErrorCode } from './error-codes.js';
import { TillpointsError } from './tillpoints-error.js';

/** Validates `value`, or throws a {@link TillpointsError} with `code` and every issue attached. */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, value: unknown, code: ErrorCode, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = issueTexts(result.error);
  const first = issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  throw new TillpointsError(code, `${what}: ${where}${first?.message ?? 'invalid'}`, { details: { issues } });
}

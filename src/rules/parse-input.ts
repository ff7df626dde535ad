import type * as z from 'zod/mini';
import { issueTexts } from '../protocol/issue-text.js';
import { RulesError, type RulesErrorCode, type RulesIssue } from './rules-error.js';

/** The issues of a failed parse, as plain paths and messages. */
export function issuesOf(error: z.core.$ZodError): RulesIssue[] {
  return issueTexts(error);
}

/** Validates `value` against `schema`, or throws a {@link RulesError} with `code` and every issue. */
export function parseInput<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  code: RulesErrorCode,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = issuesOf(result.error);
  const first = issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  throw new RulesError(code, `${what}: ${where}${first?.message ?? 'invalid'}`, { issues });
}

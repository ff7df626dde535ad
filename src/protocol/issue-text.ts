import type * as z from 'zod/mini';

/** One validation issue as tillpoints reports it: where (keys and indexes as text), and what is wrong. */
export interface IssueText {
  readonly path: string[];
  readonly message: string;
}

// zod/mini loads no locale, so without one every message zod makes itself is "Invalid input".
// These few words say what is wrong without the weight of a locale; a message a schema
// wrote (or a locale, where one is loaded) is kept as it is.
const GENERIC = 'Invalid input';

// Every bound of the protocol is inclusive (`z.minimum`, `z.maxLength` ...).
function bound(origin: string, side: 'least' | 'most', value: unknown): string {
  const unit = origin === 'string' ? ' character' : origin === 'array' ? ' item' : '';
  return `must be at ${side} ${String(value)}${unit}${unit && value !== 1 ? 's' : ''}`;
}

/** What is wrong, in words: the issue's own message, or a short one made from its code. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.message !== GENERIC) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_small':
      return bound(issue.origin, 'least', issue.minimum);
    case 'too_big':
      return bound(issue.origin, 'most', issue.maximum);
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    case 'invalid_value':
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    default:
      return issue.message;
  }
}

/** Every issue of a failed parse, with its path as text. */
export function issueTexts(error: z.core.$ZodError): IssueText[] {
  return error.issues.map((i) => ({ path: i.path.map(String), message: issueMessage(i) }));
}

import * as z from 'zod/mini';

/**
 * Stable codes of the ledger's 4xx/5xx answers. A client matches on `code`; the
 * message is for people and may change.
 */
export const LEDGER_ERROR_CODES = [
  'invalid_json',
  'invalid_request',
  'unsupported_media_type',
  'body_too_large',
  'unauthorized',
  'forbidden',
  'terminal_mismatch',
  'not_found',
  'method_not_allowed',
  'member_not_found',
  'member_exists',
  'card_in_use',
  'phone_in_use',
  'terminal_exists',
  'invalid_cursor',
  'ruleset_version_conflict',
  'ruleset_not_found',
  'storage_unavailable',
  'internal_error',
  'member_scope_required',
  'last_admin_key',
  'headers_too_large',
  'insufficient_points',
  'hold_not_found',
  'hold_conflict',
  'hold_closed',
  'offline_redemption_denied',
  'incarnation_conflict',
  'webhook_not_found',
  'event_not_found',
  'too_many_streams',
  'ledger_busy',
] as const;
/** One of {@link LEDGER_ERROR_CODES}. */
export type LedgerErrorCode = (typeof LEDGER_ERROR_CODES)[number];

/** One problem found while validating a request. */
export const validationIssueSchema = z.strictObject({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof validationIssueSchema>;

/** The body of every ledger answer that is not a 2xx. */
export const errorResponseV1Schema = z.strictObject({
  error: z.strictObject({
    code: z.enum(LEDGER_ERROR_CODES),
    message: z.string(),
    issues: z.optional(z.array(validationIssueSchema)),
  }),
});
export type ErrorResponseV1 = z.infer<typeof errorResponseV1Schema>;

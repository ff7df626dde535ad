/**
 * Stable codes of the errors the rules engine throws. Match on `error.code`; messages are for people.
 * Business outcomes (a bill below the minimum, a capped promotion) are never errors: they are
 * explained in the result.
 */
export const RULES_ERROR_CODES = {
  /** The ruleset fails `rulesetV1Schema`; `details.issues` lists every issue. */
  invalidRuleset: 'invalid_ruleset',
  /** The bill fails `ruleBillSchema`; `details.issues` lists every issue. */
  invalidBill: 'invalid_bill',
  /** The member fails `ruleMemberSchema`; `details.issues` lists every issue. */
  invalidMember: 'invalid_member',
  /** The member's tier is not one of the ruleset's tiers. */
  unknownTier: 'unknown_tier',
  /** A return names a line the earn result does not hold. */
  unknownLine: 'unknown_line',
  /** A return names the same line twice. */
  duplicateLine: 'duplicate_line',
  /** The bill would earn more points than one intent can carry (2^31 - 1). */
  pointsOutOfRange: 'points_out_of_range',
} as const;

/** One of the values of {@link RULES_ERROR_CODES}. */
export type RulesErrorCode = (typeof RULES_ERROR_CODES)[keyof typeof RULES_ERROR_CODES];

/** One validation issue: where (`path`) and what is wrong. */
export interface RulesIssue {
  readonly path: readonly string[];
  readonly message: string;
}

/** Everything the rules engine throws on purpose: a stable `code`, a message and, for bad input, the issues. */
export class RulesError extends Error {
  override readonly name: string = 'RulesError';
  /** Stable, machine-readable: see {@link RULES_ERROR_CODES}. */
  readonly code: RulesErrorCode;
  /** Extra facts, e.g. the validation `issues` or the unknown `lineId`. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: RulesErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

/**
 * Whether `value` is a {@link RulesError}, optionally with one of `codes`. Matches on `name`
 * too, so it works across realms and across several copies of the package.
 */
export function isRulesError(value: unknown, ...codes: RulesErrorCode[]): value is RulesError {
  const ok =
    value instanceof RulesError ||
    (value instanceof Error &&
      value.name === 'RulesError' &&
      typeof (value as { code?: unknown }).code === 'string');
  return ok && (codes.length === 0 || codes.includes((value as RulesError).code));
}

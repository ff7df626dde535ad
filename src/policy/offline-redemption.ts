import { ERROR_CODES } from '../errors/error-codes.js';
import type { ResolvedRedemptionPolicyV1 } from '../protocol/index.js';

/** How far back the per-member and per-till offline limits look: 24 hours. */
export const OFFLINE_LIMIT_WINDOW_MS = 24 * 3_600_000;

/** An allowance this till holds for the member, as the decision sees it. */
export interface UsableAllowance {
  readonly holdId: string;
  /** What the ledger holds of it less what this till's queued redemptions already spend. */
  readonly usable: number;
  /** This till's clock (ms) after which it is not relied on. */
  readonly useBy: number;
}

/** Everything the offline decision needs, read by the caller from the till's own records. */
export interface OfflineRedemptionInput {
  /** The store's cached policy; null when never fetched (then: deny). */
  readonly policy: ResolvedRedemptionPolicyV1 | null;
  readonly points: number;
  /** This till's clock (ms). */
  readonly now: number;
  /** The member's provisional available balance at this till. */
  readonly provisional: number;
  /** When (till clock, ms) the ledger last confirmed the member's balance; null if never. */
  readonly balanceAsOf: number | null;
  /** This till's allowances for the member (any state the caller considers open). */
  readonly allowances: readonly UsableAllowance[];
  /** Points this till let the member spend on basis `limit`: queued, or made in the last 24 hours. */
  readonly memberLimitSpent: number;
  /** Points this till let anyone spend on basis `limit`: queued, or made in the last 24 hours (its exposure). */
  readonly tillLimitSpent: number;
  /** A manager approved redeeming beyond the policy (basis `override`). */
  readonly override: boolean;
}

/** The decision: a basis to redeem on, or a typed refusal (nothing is written). */
export type OfflineRedemptionDecision =
  | { readonly ok: true; readonly basis: 'allowance'; readonly holdId: string }
  | { readonly ok: true; readonly basis: 'limit' | 'override'; readonly balanceAsOf: number }
  | { readonly ok: false; readonly code: OfflineRefusalCode; readonly message: string; readonly details: Record<string, unknown> };

/** The error codes an offline redemption may be refused with. */
export type OfflineRefusalCode =
  | typeof ERROR_CODES.offlineRedemptionDenied
  | typeof ERROR_CODES.allowanceUnavailable
  | typeof ERROR_CODES.offlineLimitExceeded
  | typeof ERROR_CODES.insufficientPoints;

const refuse = (code: OfflineRefusalCode, message: string, details: Record<string, unknown> = {}): OfflineRedemptionDecision => ({
  ok: false, code, message, details,
});

/**
 * What a till may do when the ledger did not answer a hold in time, by the store's policy:
 * - no policy fetched yet, or `deny`: refused (`offline_redemption_denied`);
 * - `allowance`: only within one of this till's allowances for the member, before its use-by
 *   time (`allowance_unavailable` otherwise, with what is usable);
 * - `limit`: within the per-redemption, per-member and per-till caps, on a cached balance no
 *   older than the policy allows and covering the points (`offline_limit_exceeded` naming the
 *   limit, or `insufficient_points`);
 * - with a manager's approval: basis `override`, beyond the policy but not beyond the cached
 *   balance (the ledger checks the approval and charges a shortfall by the programme's rule).
 * Pure: the caller reads the till's records and the clock, and throws a refusal.
 */
export function decideOfflineRedemption(input: OfflineRedemptionInput): OfflineRedemptionDecision {
  const { policy, points, now } = input;
  // No basis lets a member spend what the till does not see: that answer comes first.
  if (points > input.provisional) {
    return refuse(ERROR_CODES.insufficientPoints, `the member has ${input.provisional} points available, ${points} asked for`, {
      available: input.provisional, requested: points,
    });
  }
  if (input.override) {
    if (input.balanceAsOf === null) return refuse(ERROR_CODES.offlineRedemptionDenied, 'the ledger has never confirmed this member\'s balance at this till');
    return { ok: true, basis: 'override', balanceAsOf: input.balanceAsOf };
  }
  if (!policy || policy.offline === 'deny') {
    return refuse(
      ERROR_CODES.offlineRedemptionDenied,
      policy ? 'the ledger did not answer and this store does not allow redeeming offline' : 'the ledger did not answer and this till has not yet learnt the store\'s redemption policy',
      { policy: policy?.offline ?? null },
    );
  }
  if (policy.offline === 'allowance') {
    const live = input.allowances.filter((a) => a.useBy > now);
    const best = live.reduce<UsableAllowance | undefined>((b, a) => (!b || a.usable > b.usable ? a : b), undefined);
    if (best && best.usable >= points) return { ok: true, basis: 'allowance', holdId: best.holdId };
    const why = input.allowances.length === 0 ? 'none' : live.length === 0 ? 'expired' : 'exceeded';
    const message =
      why === 'none' ? 'the ledger did not answer and this till holds no allowance for the member'
      : why === 'expired' ? 'the ledger did not answer and the member\'s allowance at this till is past its use-by time'
      : `the ledger did not answer and the member's allowance at this till covers ${best?.usable ?? 0} points, ${points} asked for`;
    return refuse(ERROR_CODES.allowanceUnavailable, message, { reason: why, usable: best?.usable ?? 0, requested: points });
  }
  if (points > policy.limitPerRedemption) {
    return refuse(ERROR_CODES.offlineLimitExceeded, `offline, one redemption may spend at most ${policy.limitPerRedemption} points`, {
      limit: 'perRedemption', max: policy.limitPerRedemption, requested: points,
    });
  }
  if (input.memberLimitSpent + points > policy.limitPerMember) {
    return refuse(ERROR_CODES.offlineLimitExceeded, `offline, a member may spend at most ${policy.limitPerMember} points a day at this till; ${input.memberLimitSpent} are spent`, {
      limit: 'perMember', max: policy.limitPerMember, spent: input.memberLimitSpent, requested: points,
    });
  }
  if (input.tillLimitSpent + points > policy.limitPerTill) {
    return refuse(ERROR_CODES.offlineLimitExceeded, `offline, this till may let members spend at most ${policy.limitPerTill} points a day; ${input.tillLimitSpent} are spent`, {
      limit: 'perTill', max: policy.limitPerTill, spent: input.tillLimitSpent, requested: points,
    });
  }
  const maxAgeMs = policy.maxBalanceAgeMinutes * 60_000;
  if (input.balanceAsOf === null || now - input.balanceAsOf > maxAgeMs) {
    return refuse(ERROR_CODES.offlineLimitExceeded, `offline, the member's cached balance must be at most ${policy.maxBalanceAgeMinutes} minutes old`, {
      limit: 'balanceAge', maxAgeMinutes: policy.maxBalanceAgeMinutes, ageMs: input.balanceAsOf === null ? null : now - input.balanceAsOf,
    });
  }
  return { ok: true, basis: 'limit', balanceAsOf: input.balanceAsOf };
}

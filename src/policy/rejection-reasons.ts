import { REJECTION_REASONS, type IntentKind, type RejectionReason } from '../protocol/index.js';

/**
 * The reason a ledger gives for an intent that is broken rather than refused on its merits
 * (malformed, impossible to apply as sent): such an intent is quarantined for staff, not a
 * conflict.
 */
export const INVALID_INTENT = 'invalid_intent';

/**
 * What any rejection reason looks like, known to this SDK or not: 1 to 64 characters of
 * `a-z`, `0-9` and `_`. A newer ledger may refuse for a reason this SDK has never heard of.
 */
export const REJECTION_REASON_PATTERN = /^[a-z0-9_]{1,64}$/;

/**
 * A per-intent rejection reason as this SDK reads it: one of the protocol's
 * ({@link RejectionReason}), or a reason of a newer ledger this SDK does not know, as a
 * plain string. An unknown reason is a conflict like any other, with a generic action.
 */
export type PushRejectionReason = RejectionReason | (string & Record<never, never>);

/** Whether this SDK knows `reason` (it is one of the protocol's). */
export function isKnownReason(reason: string): reason is RejectionReason {
  return (REJECTION_REASONS as readonly string[]).includes(reason);
}

const ALWAYS = ['unknown_member', 'intent_conflict', 'intent_expired', INVALID_INTENT, 'balance_limit', 'unanswerable'] as const;

/**
 * The known rejection reasons the ledger can give for each kind of intent. A known reason
 * outside its kind's list (a redemption refused as `reversal_exceeds_original`) cannot be the
 * ledger's real answer to what was sent. A new kind is a compile error here until it is
 * listed, and so is a new protocol reason that no kind lists (see below).
 */
export const REASONS_BY_KIND = {
  accrue: [...ALWAYS, 'invalid_bill', 'limit_exceeded'],
  redeem: [
    ...ALWAYS, 'insufficient_points', 'invalid_bill', 'limit_exceeded', 'hold_not_found', 'hold_expired', 'hold_voided', 'hold_exceeded',
    'offline_redemption_denied', 'manager_approval_required', 'manager_approval_invalid', 'manager_locked',
  ],
  reverse: [...ALWAYS, 'original_not_found', 'original_not_reversible', 'reversal_exceeds_original', 'invalid_bill'],
  adjust: [...ALWAYS, 'insufficient_points', 'limit_exceeded', 'manager_approval_required', 'manager_approval_invalid', 'manager_locked'],
  enrol: [...ALWAYS, 'consent_required', 'member_exists'],
} as const satisfies Record<IntentKind, readonly RejectionReason[]>;

// A reason the protocol added but no kind lists would make every answer giving it a
// protocol violation, jamming the till: refuse to compile instead.
type Unlisted = Exclude<RejectionReason, (typeof REASONS_BY_KIND)[IntentKind][number]>;
const everyReasonListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyReasonListed;

/**
 * Whether the ledger can refuse an intent of `kind` (with `points`, as on the wire) for
 * `reason`. Only known reasons are checked: an unknown one (a newer ledger) is accepted.
 */
export function canRejectFor(kind: IntentKind, points: number, reason: string): boolean {
  if (!isKnownReason(reason)) return REJECTION_REASON_PATTERN.test(reason);
  // Only a debit can lack the points: a credit adjustment never does.
  if (kind === 'adjust' && reason === 'insufficient_points') return points < 0;
  return (REASONS_BY_KIND[kind] as readonly RejectionReason[]).includes(reason);
}

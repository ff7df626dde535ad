import type { IntentKind, RejectionReason } from '../protocol/index.js';

/**
 * The reason a ledger gives for an intent that is broken rather than refused on its merits
 * (malformed, impossible to apply as sent). Not yet in the protocol's list on every ledger,
 * so the SDK accepts it by name: such an intent is quarantined for staff, not a conflict.
 */
export const INVALID_INTENT = 'invalid_intent';

/** A per-intent rejection reason as this SDK understands it: the protocol's, plus `invalid_intent`. */
export type PushRejectionReason = RejectionReason | typeof INVALID_INTENT;

const ALWAYS = ['unknown_member', 'intent_conflict', 'intent_expired', INVALID_INTENT] as const;

/**
 * The rejection reasons the ledger can give for each kind of intent. A reason outside its
 * kind's list (a redemption refused as `reversal_exceeds_original`) cannot be the ledger's
 * real answer to what was sent. A new kind is a compile error here until it is listed.
 */
export const REASONS_BY_KIND = {
  accrue: [...ALWAYS, 'invalid_bill'],
  redeem: [...ALWAYS, 'insufficient_points', 'invalid_bill'],
  reverse: [...ALWAYS, 'original_not_found', 'original_not_reversible', 'reversal_exceeds_original', 'invalid_bill'],
  adjust: [...ALWAYS, 'insufficient_points'],
} as const satisfies Record<IntentKind, readonly PushRejectionReason[]>;

/** Whether the ledger can refuse an intent of `kind` (with `points`, as on the wire) for `reason`. */
export function canRejectFor(kind: IntentKind, points: number, reason: string): boolean {
  // Only a debit can lack the points: a credit adjustment never does.
  if (kind === 'adjust' && reason === 'insufficient_points') return points < 0;
  return (REASONS_BY_KIND[kind] as readonly string[]).includes(reason);
}

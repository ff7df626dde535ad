import * as z from 'zod/mini';

/**
 * Why the ledger refused one intent. Each is a final business outcome, stored with
 * the intent id: a retry of the same intent gets the same answer.
 */
export const REJECTION_REASONS = [
  /** The member's available balance is below the points asked for. */
  'insufficient_points',
  /** No member has this id. */
  'unknown_member',
  /** This intent id was already used for different content. */
  'intent_conflict',
  /** A reversal names an intent the ledger has not applied. */
  'original_not_found',
  /** A reversal names an intent of another member, or one that cannot be reversed. */
  'original_not_reversible',
  /** A reversal would take back more than the original moved, or a line already returned. */
  'reversal_exceeds_original',
  /** The earning rules cannot earn this bill (e.g. two lines with one id). */
  'invalid_bill',
  /** The intent is older than the ledger's retention window. */
  'intent_expired',
  /**
   * Applying the intent would take the member's points or available balance past
   * `MAX_BALANCE` (or below `MIN_BALANCE`), which no answer could carry.
   */
  'balance_limit',
  /**
   * The ledger could not put this intent's outcome into a valid protocol answer, so it
   * applied nothing rather than store an outcome no retry could be answered with.
   */
  'unanswerable',
  /**
   * The intent fails the protocol's intent schema (the message says where). Not stored:
   * the same id may be sent again, corrected, and is then applied normally.
   */
  'invalid_intent',
  /** A till went beyond a limit the ledger enforces (points per bill, per terminal and hour or day, redemptions per member and day, manual points); the message names it. */
  'limit_exceeded',
  /** A till's adjustment carried no manager approval. */
  'manager_approval_required',
  /** A till's adjustment named no active manager of its store, or a wrong PIN. */
  'manager_approval_invalid',
  /** The manager's PIN is locked after too many wrong tries; an admin registers it again to unlock. */
  'manager_locked',
  /** A redemption names a hold or allowance the ledger does not have for this member and terminal. */
  'hold_not_found',
  /** The hold or allowance expired (by the ledger's clock) before the redemption arrived, and the member no longer has the points. */
  'hold_expired',
  /** The hold was voided (the bill cancelled) or the allowance released before the redemption arrived. */
  'hold_voided',
  /** The redemption asks more than its hold or allowance has left, and the member does not have the rest. */
  'hold_exceeded',
  /** An offline redemption the store's policy does not allow (`deny`, or limits claimed under another policy), and the member does not have the points. */
  'offline_redemption_denied',
  /** An enrolment lacks a consent the programme requires. */
  'consent_required',
  /** An enrolment names a member id that already belongs to another member. */
  'member_exists',
] as const;

/** One of {@link REJECTION_REASONS}. */
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const rejectionReasonSchema = z.enum(REJECTION_REASONS);

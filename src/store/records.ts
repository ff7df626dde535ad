import type { PushRejectionReason } from '../policy/rejection-reasons.js';
import type { AppliedOutcomeV1, BillRefV1, IntentKind, MemberSnapshotV1, RedemptionBasis, RejectedOutcomeV1 } from '../protocol/index.js';
import type { OwnHeld } from './hold-record.js';
import type { EarnResult } from '../rules/index.js';

/** A member as this till knows them: the ledger's word plus the till's pending intents. */
export interface MemberRecord {
  memberId: string;
  cardNumber?: string;
  /** Ten-digit normalised mobile number. */
  phone?: string;
  name?: string;
  tier: string;
  /** Points the ledger last confirmed. */
  confirmed: number;
  /** Points the ledger holds for pending redemptions. */
  held: number;
  /** The ledger's version of `confirmed`; -1 until the ledger has said anything. */
  version: number;
  /** When (this till's clock, ms) the ledger last said; null if never. */
  asOf: number | null;
  /** Sum of pending intents that add points (accruals, returns of redemptions, credits). */
  pendingCredit: number;
  /** Sum of pending intents that take points (redemptions, returns of accruals, debits). */
  pendingDebit: number;
  /** What the earning rules know of the member: the ledger's word plus this till's pending bills. */
  earnState?: MemberEarnState;
  /**
   * When (this till's clock, ms) the member was last used here: found at the ledger, or
   * given an intent. Indexed: a pull names the most recently used members first.
   */
  usedAt: number;
  /**
   * This till's own open allowances, and holds a pending redemption captures, as far as the
   * ledger's `held` counts them: the provisional balance adds them back (see `provisionalOf`).
   * Absent on rows of schema versions before 4.
   */
  ownHeld?: OwnHeld[];
  /**
   * Set when the ledger merged this member id (made here at an enrolment) into a member who
   * already held the phone or card: the surviving member's id. Lookups and balances of this
   * id show the survivor, and new intents for it are written for the survivor.
   */
  mergedInto?: string;
  /** For a member enrolled at this till: the enrolment's intent id (the member is known here before the ledger knows them). */
  enrolledBy?: string;
}

/** The member as the earning rules see them (the engine's `RuleMember`, less the tier). */
export interface MemberEarnState {
  visits: number;
  qualifyingPoints: number;
  promotionPoints: Record<string, number>;
}

/**
 * Where an intent is in its life at this till:
 * - `pending`: queued, or sent and not answered; counted in the provisional balance.
 * - `confirmed` / `rejected`: the ledger's final business outcome.
 * - `quarantined`: broken (the ledger, or this till, found it malformed): no longer sent,
 *   still counted in the provisional balance, never pruned, until staff retry or void it.
 * - `voided`: a quarantined intent staff gave up on; its effect left the balance, it is never sent.
 */
export type IntentState = 'pending' | 'confirmed' | 'rejected' | 'quarantined' | 'voided';

/** Why an intent was quarantined. */
export interface QuarantineFault {
  /** The ledger's code (`invalid_intent`, `invalid_request`, `body_too_large`...), or `invalid_intent` when this till found it. */
  code: string;
  message: string;
  /** Who refused it: the ledger, or this till's own check before sending. */
  source: 'ledger' | 'till';
  /** The HTTP status of a refused request, when the ledger refused it as a whole. */
  status?: number;
  /** This till's clock when it was quarantined (ms). */
  at: number;
}

/**
 * A final outcome as this till stores it: the protocol's, where a rejection may carry a
 * reason of a newer ledger that this SDK does not know (see `PushRejectionReason`).
 */
export type StoredOutcome = AppliedOutcomeV1 | (Omit<RejectedOutcomeV1, 'reason'> & { reason: PushRejectionReason });

/** A manager's approval of an adjustment, as stored with it. */
export interface StoredApproval {
  managerId: string;
  /**
   * Kept only while the intent may still be sent (pending, or quarantined until staff retry
   * or void it); cleared in the transaction that settles or voids it. Never shown by
   * `history()`, events, conflicts or quarantined views.
   */
  pin?: string;
}

/** One intent in the outbox (while pending) and the audit trail (once settled). */
export interface IntentRecord {
  /** Per-terminal monotonic sequence number: the outbox's primary key, made by IndexedDB. */
  seq?: number;
  intentId: string;
  kind: IntentKind;
  memberId: string;
  state: IntentState;
  /** This till's clock when made (ms). */
  createdAt: number;
  occurredAt: string;
  /** As on the wire: positive, except adjustments which are signed. */
  points: number;
  bill?: BillRefV1;
  /** The earning-rules version an accrual's points come from. */
  rulesetVersion?: number;
  /** The member as the rules saw them for this accrual (sent, so the ledger can check the arithmetic). */
  memberSnapshot?: MemberSnapshotV1;
  /** For an accrual made by `checkout`: what the rules earned, every point explained. */
  earn?: EarnResult;
  originalIntentId?: string;
  lineIds?: string[];
  reason?: string;
  approvedBy?: string;
  /** For an enrolment: who the customer is and the consents they gave, as sent. */
  enrolment?: { phone?: string; name?: string; cardNumber?: string; consents: string[] };
  /** For a redemption: what the till relied on (absent: made as before holds, or for an older ledger). */
  basis?: RedemptionBasis;
  /** For a redemption on basis `hold` or `allowance`: the hold or allowance it captures. */
  holdId?: string;
  /** For a redemption on basis `limit` or `override`: when the ledger last confirmed the balance relied on (ISO). */
  balanceAsOf?: string;
  /** For an adjustment (or a redemption on basis `override`) made with a manager's approval: who approved it (and the PIN, until settled). */
  approval?: StoredApproval;
  /** What this intent adds to / takes from the provisional balance while pending. */
  credit: number;
  debit: number;
  /**
   * Stamped by earlier SDKs when first sent, and kept for them; no longer written or read.
   * Whether an intent was sent is its seq against the highest seq sent (`markSent`).
   */
  sentAt: number | null;
  /** Counted by earlier SDKs on each send; no longer written or read. */
  attempts: number;
  /** When the ledger's outcome was stored here. */
  settledAt: number | null;
  outcome?: StoredOutcome;
  /** Points later returns made at this till took back from this intent. */
  reversedPoints: number;
  /** Lines of this accrual's bill that returns took back. */
  reversedLineIds?: string[];
  /** What the ledger applied, when it differs from `points` (a recomputed accrual). */
  appliedPoints?: number;
  /** Points per bill line as the ledger applied them: what a return by line takes back. */
  appliedLines?: Record<string, number>;
  /** For a rejected intent: whether the cashier has dealt with it. */
  acknowledged?: boolean;
  /** For a quarantined (or since voided) intent: why it was taken out of the queue. */
  quarantine?: QuarantineFault;
  /** For a voided intent: the staff's reason and when. */
  voided?: { reason: string; at: number };
}

/** Small durable facts of the terminal: pull cursor, sync times, the leader's lease. */
export interface MetaRecord {
  key: string;
  value: unknown;
}

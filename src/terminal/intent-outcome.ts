import type { PushRejectionReason } from '../policy/rejection-reasons.js';
import type { Balance } from '../store/balance-view.js';
import type { IntentRecord } from '../store/records.js';

/**
 * What became of one intent, for a till that waits on it (`whenSettled`):
 * - `applied`: the ledger applied it as the till showed it;
 * - `adjusted`: applied with other points than the till showed (`ledgerPoints`; `reason` says why);
 * - `rejected`: refused (`reason`: the rejection reason); its points left the provisional balance;
 * - `quarantined`: the ledger (or this till) found it broken (`reason`: the fault's code); it
 *   waits for staff (see `quarantined()`), or staff voided it.
 */
export interface IntentOutcome {
  readonly intentId: string;
  readonly status: 'applied' | 'adjusted' | 'rejected' | 'quarantined';
  readonly memberId: string;
  /** The points the till wrote (as on the wire: signed for adjustments). */
  readonly points: number;
  /** The points the ledger applied (applied or adjusted). */
  readonly ledgerPoints?: number;
  /** Why: an adjustment's, a rejection's reason, or a quarantine's fault code. */
  readonly reason?: PushRejectionReason | string;
  /** The member's balance at this till now. */
  readonly balance: Balance;
}

/** The outcome of a stored intent, or undefined while it is still pending. Pure. */
export function outcomeOf(intent: IntentRecord, balance: Balance): IntentOutcome | undefined {
  const base = { intentId: intent.intentId, memberId: intent.memberId, points: intent.points, balance };
  switch (intent.state) {
    case 'pending':
      return undefined;
    case 'confirmed': {
      const review = intent.outcome?.outcome === 'applied' ? intent.outcome.earn : undefined;
      const ledgerPoints = intent.appliedPoints ?? intent.points;
      if (ledgerPoints === intent.points) return { ...base, status: 'applied', ledgerPoints };
      return { ...base, status: 'adjusted', ledgerPoints, ...(review?.outcome === 'recomputed' ? { reason: review.reason } : {}) };
    }
    case 'rejected':
      return { ...base, status: 'rejected', ...(intent.outcome?.outcome === 'rejected' ? { reason: intent.outcome.reason } : {}) };
    case 'quarantined':
    case 'voided':
      return { ...base, status: 'quarantined', ...(intent.quarantine ? { reason: intent.quarantine.code } : {}) };
  }
}

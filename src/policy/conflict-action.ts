import type { IntentKind, RejectionReason } from '../protocol/index.js';

/**
 * What the cashier should do when the ledger refuses an intent the till already showed
 * as provisional. One row per (kind, reason) that can happen; the default covers the rest.
 */
export function conflictAction(kind: IntentKind, reason: RejectionReason): string {
  if (reason === 'insufficient_points' && kind === 'redeem') {
    return 'The points were already spent elsewhere: collect the redeemed value from the customer, or void the redemption.';
  }
  if (reason === 'insufficient_points') return 'The member no longer has these points: review the adjustment with a manager.';
  if (reason === 'unknown_member') return 'The ledger does not know this member: check the member id, then enrol the member and re-enter the bill.';
  if (reason === 'reversal_exceeds_original' || reason === 'original_not_found' || reason === 'original_not_reversible') {
    return 'The return does not match what the original bill earned or spent: check the original bill and redo the return.';
  }
  if (reason === 'intent_conflict') return 'This till reused an intent id for different content: report it to support with the intent id.';
  return 'The ledger refused this intent: check it with a manager.';
}

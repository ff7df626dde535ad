import type { IntentKind } from '../protocol/index.js';
import type { PushRejectionReason } from './rejection-reasons.js';

/**
 * What the cashier should do when the ledger refuses an intent the till already showed
 * as provisional. One row per (kind, reason) that can happen; the default covers the rest,
 * including reasons of a newer ledger this SDK does not know.
 */
export function conflictAction(kind: IntentKind, reason: PushRejectionReason): string {
  if (reason === 'insufficient_points' && kind === 'redeem') {
    return 'The points were already spent elsewhere: collect the redeemed value from the customer, or void the redemption.';
  }
  if (reason === 'insufficient_points') return 'The member no longer has these points: review the adjustment with a manager.';
  if (reason === 'unknown_member') return 'The ledger does not know this member: check the member id, then enrol the member and re-enter the bill.';
  if (reason === 'reversal_exceeds_original' || reason === 'original_not_found' || reason === 'original_not_reversible') {
    return 'The return does not match what the original bill earned or spent: check the original bill and redo the return.';
  }
  if (reason === 'intent_conflict') return 'This till reused an intent id for different content: report it to support with the intent id.';
  if (reason === 'limit_exceeded' && kind === 'redeem') {
    return 'The redemption was past a limit of the programme (redemptions per day, or an offline limit per redemption, member or till) and the member lacked the points, so none were spent: collect the redeemed value from the customer, or void the redemption.';
  }
  if (reason === 'hold_not_found' && kind === 'redeem') {
    return 'The ledger has no hold of this till for this member under that id, so no points were spent: check the bill, then redo the redemption online or collect the redeemed value from the customer.';
  }
  if (reason === 'hold_expired' && kind === 'redeem') {
    return 'The hold or allowance expired before the bill reached the ledger and the member no longer has the points, so none were spent: collect the redeemed value from the customer, or void the redemption.';
  }
  if (reason === 'hold_voided' && kind === 'redeem') {
    return 'The hold was voided (or the allowance given back) before this redemption reached the ledger and the member lacks the points, so none were spent: check the bill was not cancelled, then collect the redeemed value from the customer.';
  }
  if (reason === 'hold_exceeded' && kind === 'redeem') {
    return 'The redemption asked for more than its hold or allowance had left and the member lacked the rest, so none were spent: collect the redeemed value from the customer, or void the redemption.';
  }
  if (reason === 'offline_redemption_denied' && kind === 'redeem') {
    return 'This store may not redeem offline on those terms and the member lacked the points, so none were spent: collect the redeemed value from the customer; redeem online next time.';
  }
  if ((reason === 'manager_approval_required' || reason === 'manager_approval_invalid' || reason === 'manager_locked') && kind === 'redeem') {
    return 'The manager\'s approval of this offline override was missing, wrong or locked, so no points were spent: collect the redeemed value from the customer, or void the redemption.';
  }
  if (reason === 'limit_exceeded' && kind === 'accrue') {
    return 'This bill gives more points than a till may give on its own, so none were added: ask a manager to add the points as an approved adjustment.';
  }
  if (reason === 'limit_exceeded') {
    return 'This till has given as many points as it may for now, so the adjustment was not made: ask head office to make it.';
  }
  if (reason === 'manager_approval_required') return 'The adjustment needs a manager\'s approval and was not made: redo it with the manager\'s id and PIN.';
  if (reason === 'manager_approval_invalid') {
    return 'The manager id or PIN was wrong, or the manager is no longer active, so the adjustment was not made: redo it with a current manager and the right PIN.';
  }
  if (reason === 'manager_locked') {
    return 'The manager\'s PIN is locked after too many wrong tries, so the adjustment was not made: ask head office to unlock it, then redo the adjustment.';
  }
  if (reason === 'balance_limit') return 'The member\'s balance would go past what the ledger can hold, so nothing was applied: check the points with a manager.';
  if (reason === 'unanswerable') return 'The ledger could not record this and applied nothing: note the intent id for support, and redo it if it is still needed.';
  return 'The ledger refused this intent and applied nothing: check it with a manager.';
}

import type { IntentRecord } from './records.js';

/**
 * The intent with its manager PIN cleared (the approving manager's id stays, for the audit
 * trail). Pure; the same record when there is no PIN. Used where an intent is settled or
 * voided, in the transaction that does it, and wherever a record leaves the SDK.
 */
export function withoutPin(intent: IntentRecord): IntentRecord {
  if (intent.approval?.pin === undefined) return intent;
  return { ...intent, approval: { managerId: intent.approval.managerId } };
}

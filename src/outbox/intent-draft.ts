import type { BillRefV1, IntentKind, ManagerApprovalV1, MemberSnapshotV1, RedemptionBasis } from '../protocol/index.js';
import type { EarnResult } from '../rules/index.js';

/** An intent as the facade asks for it, before the outbox numbers and stores it. */
export interface IntentDraft {
  readonly kind: IntentKind;
  readonly memberId: string;
  /** As on the wire: positive, except adjustments which are signed. */
  readonly points: number;
  readonly bill?: BillRefV1;
  /** The earning-rules version an accrual's points come from. */
  readonly rulesetVersion?: number;
  /** The member as the rules saw them for this accrual. */
  readonly memberSnapshot?: MemberSnapshotV1;
  /** What the rules earned, kept with the intent for receipts and returns by line. */
  readonly earn?: EarnResult;
  readonly originalIntentId?: string;
  /** For a return whose original this till never saw: which kind it was. */
  readonly originalKind?: 'accrue' | 'redeem';
  readonly lineIds?: readonly string[];
  readonly reason?: string;
  readonly approvedBy?: string;
  /** For an adjustment (or a redemption on basis `override`): the manager's id and PIN the ledger checks. */
  readonly approval?: ManagerApprovalV1;
  /** For a redemption: what the till relied on; absent for an older ledger. */
  readonly basis?: RedemptionBasis;
  /** For a redemption on basis `hold` or `allowance`: the hold or allowance it captures. */
  readonly holdId?: string;
  /** For a redemption on basis `limit` or `override`: when the ledger last confirmed the balance relied on (ISO). */
  readonly balanceAsOf?: string;
  /** For an enrolment: who the customer is and the consents they gave. */
  readonly enrolment?: { readonly phone?: string; readonly name?: string; readonly cardNumber?: string; readonly consents: readonly string[] };
}

/**
 * tillpoints: the terminal SDK a POS embeds. Instant provisional balances from
 * IndexedDB, a durable outbox of intents, and reconciliation with the central ledger.
 */
export { createTerminal, Terminal } from './terminal/terminal.js';
export type { IntentReceipt, MemberView } from './terminal/terminal.js';
export type { EnrolArgs, Enrolment } from './terminal/enrol-member.js';
export type { Conflict } from './terminal/conflicts.js';
export type { CheckoutArgs, CheckoutReceipt } from './terminal/checkout.js';
export type { TerminalOptions } from './terminal/terminal-options.js';
export type { IntentOutcome } from './terminal/intent-outcome.js';
export type { WaitOptions } from './terminal/waiter.js';
export type { SyncOptions } from './terminal/leader-rounds.js';
export type { Prefetched } from './terminal/prefetch-members.js';
export type { HeldPoints } from './terminal/held-points.js';
export type { AllowanceView } from './terminal/allowances.js';
export type { HoldPointsArgs, PrefetchAllowancesArgs } from './terminal/terminal-arguments.js';
export type { AccrueArgs, AdjustArgs, LookupArgs, RedeemArgs, ReverseArgs } from './terminal/terminal-arguments.js';
export type {
  ConflictEvent,
  EarnAdjustmentEvent,
  IntentEvent,
  ListenerErrorEvent,
  MemberMergedEvent,
  QuarantineEvent,
  SyncError,
  SyncReport,
  TerminalEvents,
  TerminalStatus,
} from './terminal/events.js';
export type { Balance } from './store/balance-view.js';
export type { IntentRecord, IntentState, QuarantineFault, StoredApproval, StoredOutcome } from './store/records.js';
export type { QuarantinedIntent } from './store/quarantined-view.js';
export { LOCAL_SCHEMA_VERSION } from './store/terminal-database.js';
export { ERROR_CODES } from './errors/error-codes.js';
export type { ErrorCode } from './errors/error-codes.js';
export { TillpointsError, isTillpointsError } from './errors/tillpoints-error.js';
export { retryDelay } from './policy/retry-delay.js';
export type { RetryPolicy } from './policy/retry-delay.js';
export type { Timers } from './sync/timers.js';
export type { LeaderElection } from './sync/leader-election.js';
export type { TabChannel, TabMessage } from './terminal/tab-channel.js';
export { conflictAction } from './policy/conflict-action.js';
export { INVALID_INTENT } from './policy/rejection-reasons.js';
export type { PushRejectionReason } from './policy/rejection-reasons.js';
export { PROTOCOL_VERSION, normalizeIndianMobile } from './protocol/index.js';
export type { ManagerApprovalV1, ProtocolVersion, RejectionReason } from './protocol/index.js';

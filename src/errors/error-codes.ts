/**
 * Stable codes of the errors the SDK throws. Match on `error.code`; messages are for people.
 */
export const ERROR_CODES = {
  /** `createTerminal` got options it cannot work with. */
  invalidOptions: 'invalid_options',
  /** A method got arguments it cannot work with; nothing was written. */
  invalidArgument: 'invalid_argument',
  /** The member is neither in the local cache nor (when online) at the ledger. */
  memberNotFound: 'member_not_found',
  /** A redemption asks for more than the member's provisional available balance; nothing was written. */
  insufficientPoints: 'insufficient_points',
  /** A reversal names an intent this till does not know, or asks for more than is left to reverse. */
  invalidReversal: 'invalid_reversal',
  /** A checkout needs the earning rules, and this till has never pulled a ruleset. */
  rulesUnavailable: 'rules_unavailable',
  /** The ledger could not be reached, or did not answer in time. */
  network: 'network',
  /** The ledger answered with something that breaks the protocol; no local state was changed. */
  protocolViolation: 'protocol_violation',
  /** The ledger refused this terminal's key. */
  unauthorized: 'unauthorized',
  /** The ledger refused a request (4xx) for another reason; `details.ledgerCode` says which. */
  ledgerRefused: 'ledger_refused',
  /** The ledger failed (5xx). */
  ledgerUnavailable: 'ledger_unavailable',
  /** The local database failed. */
  storage: 'storage',
  /** The terminal was closed. */
  closed: 'closed',
  /** No intent with this id is in this till's records (it may have been pruned). */
  intentNotFound: 'intent_not_found',
  /** A staff action on a quarantined intent named one that is not quarantined (any more). */
  notQuarantined: 'not_quarantined',
  /** The ledger did not answer in time and the store's policy (`deny`, or none fetched yet) forbids redeeming offline; nothing was written. */
  offlineRedemptionDenied: 'offline_redemption_denied',
  /**
   * Offline under the `allowance` policy, and this till has no usable allowance for the
   * member that covers the points (none granted, past its use-by time, or too small);
   * `details` say which and how much is usable. Nothing was written.
   */
  allowanceUnavailable: 'allowance_unavailable',
  /**
   * Offline under the `limit` policy, and a limit forbids it: `details.limit` is
   * `perRedemption`, `perMember`, `perTill` or `balanceAge`. Nothing was written.
   */
  offlineLimitExceeded: 'offline_limit_exceeded',
  /** No open hold of this till has this id (never placed here, captured, voided or expired). */
  holdNotFound: 'hold_not_found',
  /** A checkout asks to redeem more points than its hold holds, or for another member. */
  holdExceeded: 'hold_exceeded',
  /**
   * An operation on a terminal whose `start()` was never called (calls made while `start()`
   * is in flight wait for it instead). Call `await terminal.start()` first.
   */
  notStarted: 'not_started',
  /** `whenSettled` (or `sync({ waitForLeader })`) gave up waiting after its `timeout`; nothing changed. */
  timeout: 'timeout',
  /** `whenSettled`'s `signal` was aborted; nothing changed. */
  aborted: 'aborted',
} as const;

/** One of the values of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

import type { Balance } from '../store/balance-view.js';

/** A hold placed with `terminal.holdPoints()` for a bill in progress. */
export interface HeldPoints {
  /** Pass to `checkout({ holdId, redeemPoints })` to capture it, or to `releaseHold()`. */
  readonly holdId: string;
  readonly memberId: string;
  readonly points: number;
  /** When the ledger releases it unless captured (the ledger's clock, ISO). */
  readonly expiresAt: string;
  /** The member's balance with the points held. */
  readonly balance: Balance;
}

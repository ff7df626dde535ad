import type { RedemptionBasis } from '../protocol/index.js';
import type { Balance } from '../store/balance-view.js';

/** What `accrue`, `redeem`, `reverse` and `adjust` return once the intent is stored. */
export interface IntentReceipt {
  readonly intentId: string;
  readonly seq: number;
  /** `pending` until the ledger settles it (see the `intent` event). */
  readonly status: 'pending';
  /** The member's balance including this intent. */
  readonly balance: Balance;
  /** For a redemption: what the till relied on (`hold`, `allowance`, `limit`, `override`); absent for an older ledger. */
  readonly basis?: RedemptionBasis;
}

import type { HoldKind } from '../protocol/index.js';

/**
 * Where one of this till's holds or allowances is, as the till knows it:
 * - `placing`: the till made its id and is asking the ledger (written before the request, so
 *   a crash or a lost answer leaves a record to void);
 * - `open`: the ledger holds the points (a hold for a bill in progress, or an allowance);
 * - `capturing`: a hold whose redemption is queued here and not yet settled;
 * - `void_pending`: the till gave it up (bill cancelled, answer lost, local write failed) and
 *   has not yet told the ledger: the next sync round sends the void (the ledger's expiry
 *   releases it anyway);
 * - `captured`, `voided`, `released`, `expired`: closed; the points are spent or back.
 */
export type LocalHoldState = 'placing' | 'open' | 'capturing' | 'void_pending' | 'captured' | 'voided' | 'released' | 'expired';

/** One hold or allowance this till placed or was granted: the `holds` table (schema v4). */
export interface HoldRecord {
  /** Made by this till for a hold (a ULID); made by the ledger for an allowance. */
  holdId: string;
  kind: HoldKind;
  memberId: string;
  /** Points held when placed. */
  points: number;
  /** What the ledger still holds of it as this till last knew (points less captures). */
  remaining: number;
  /** When the ledger releases it, by the ledger's clock (ISO); null while placing. */
  expiresAt: string | null;
  /**
   * When this till stops relying on it, by the till's own clock (ms): the life the ledger
   * gave, measured from the ledger's clock in its answer, less a safety margin (see `holdUseBy`).
   */
  useBy: number;
  /** The member's balance version in the ledger's answer that placed it (its `held` counts it from there). */
  placedAtVersion: number;
  state: LocalHoldState;
  /** Points this till's queued (unsettled) redemptions capture from it. */
  queued: number;
  /** The bill a hold was placed for. */
  billId?: string;
  /** The till's clock when made or last changed (ms). */
  createdAt: number;
  updatedAt: number;
}

/**
 * A part of the ledger's `held` that is this till's own to spend: an open allowance, or a
 * hold whose redemption is queued here. Kept on the member row so the provisional balance is
 * a pure function of the row.
 */
export interface OwnHeld {
  readonly holdId: string;
  readonly remaining: number;
  /** From this balance version on, the ledger's `held` includes it. */
  readonly placedAtVersion: number;
}

/** Hold states in which the ledger may still hold the points for this till. */
export const LIVE_HOLD_STATES = ['placing', 'open', 'capturing', 'void_pending'] as const satisfies readonly LocalHoldState[];

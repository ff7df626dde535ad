import type { HoldState, RedemptionBasis, ShortfallRule } from '../../protocol/index.js';

/** What an applied redemption with a basis did beyond moving points: stored with the intent, read by the report. */
export interface RedemptionEffect {
  readonly basis: RedemptionBasis;
  /** The hold or allowance it captured from, as it is after. */
  readonly hold?: { readonly holdId: string; readonly captured: number; readonly state: HoldState };
  /** Points spent on the programme's offline limit terms (the store's risk): counted against the caps. */
  readonly exposure: number;
  /** Points the member lacked at reconciliation, and who carries them. */
  readonly shortfall: number;
  readonly shortfallTo: ShortfallRule | null;
}

import type { BillRefV1, IntentKind } from '../protocol/index.js';

/** An intent as the facade asks for it, before the outbox numbers and stores it. */
export interface IntentDraft {
  readonly kind: IntentKind;
  readonly memberId: string;
  /** As on the wire: positive, except adjustments which are signed. */
  readonly points: number;
  readonly bill?: BillRefV1;
  readonly originalIntentId?: string;
  /** For a return whose original this till never saw: which kind it was. */
  readonly originalKind?: 'accrue' | 'redeem';
  readonly lineIds?: readonly string[];
  readonly reason?: string;
  readonly approvedBy?: string;
}

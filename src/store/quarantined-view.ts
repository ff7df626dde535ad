import type { IntentKind } from '../protocol/index.js';
import { quarantineAction } from '../policy/quarantine-action.js';
import type { IntentRecord } from './records.js';

/**
 * An intent taken out of the queue because it is broken, as staff see it. Its points still
 * count in the member's provisional balance until staff void it.
 */
export interface QuarantinedIntent {
  readonly intentId: string;
  /** Its place in this till's queue; a retried intent keeps it. */
  readonly seq: number;
  readonly kind: IntentKind;
  readonly memberId: string;
  /** As on the wire: positive, except adjustments which are signed. */
  readonly points: number;
  /** The till's clock when the intent was made. */
  readonly occurredAt: string;
  readonly billId: string | null;
  /** Why: the ledger's code (`invalid_intent`, `invalid_request`, `body_too_large`...), or `invalid_intent` when this till found it. */
  readonly code: string;
  readonly message: string;
  /** Who found it broken: the ledger, or this till before sending it. */
  readonly source: 'ledger' | 'till';
  /** When it was quarantined (this till's clock, ms). */
  readonly quarantinedAt: number;
  /** What staff should do, in words. */
  readonly action: string;
  /** Set once staff voided it: their reason and when. */
  readonly voided: { readonly reason: string; readonly at: number } | null;
}

/** The public view of a quarantined (or voided) intent record. */
export function quarantinedView(i: IntentRecord): QuarantinedIntent {
  const fault = i.quarantine ?? { code: 'unknown', message: '', source: 'till' as const, at: i.settledAt ?? 0 };
  return {
    intentId: i.intentId, seq: i.seq!, kind: i.kind, memberId: i.memberId, points: i.points, occurredAt: i.occurredAt,
    billId: i.bill?.billId ?? null, code: fault.code, message: fault.message, source: fault.source, quarantinedAt: fault.at,
    action: quarantineAction(fault.source), voided: i.voided ? { reason: i.voided.reason, at: i.voided.at } : null,
  };
}

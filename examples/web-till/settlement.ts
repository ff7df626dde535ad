/**
 * When the ledger settles an intent, for the receipt. One module so it can move to the SDK's
 * `whenSettled(intentId)` without touching the receipt.
 */
import type { IntentRecord, Terminal } from 'tillpoints';

/** What the ledger made of an intent. */
export interface Settlement {
  readonly status: 'confirmed' | 'rejected' | 'quarantined' | 'voided';
  /** Why it was refused (a rejection reason), when it was. */
  readonly reason?: string;
  /** Points the ledger applied, when it applied other points than the till showed. */
  readonly ledgerPoints?: number;
}

function settlementOf(record: IntentRecord): Settlement | undefined {
  if (record.state === 'pending') return undefined;
  const outcome = record.outcome;
  return {
    status: record.state,
    ...(outcome?.outcome === 'rejected' ? { reason: outcome.reason } : {}),
    ...(record.appliedPoints !== undefined && record.appliedPoints !== record.points ? { ledgerPoints: record.appliedPoints } : {}),
  };
}

/**
 * Calls `update` each time the intent's state changes, until the ledger settles it for good
 * (`confirmed`, `rejected`) or staff void it; a quarantined intent may still be retried and
 * confirmed. Listens to the `intent` event and, because the sync loop may run in another tab
 * of this till (which then gets the event), reads the member's history from the local
 * database once a second. Returns the canceller.
 */
export function watchSettlement(till: Terminal, memberId: string, intentId: string, update: (s: Settlement) => void): () => void {
  let last: string | undefined;
  const check = async () => {
    const record = (await till.history(memberId).catch(() => [])).find((i) => i.intentId === intentId);
    const s = record && settlementOf(record);
    if (!s || s.status === last) return;
    last = s.status;
    if (s.status !== 'quarantined') stop();
    update(s);
  };
  const off = till.on('intent', (e) => e.intentId === intentId && void check());
  const tick = setInterval(() => void check(), 1000);
  const stop = () => {
    off();
    clearInterval(tick);
  };
  void check();
  return stop;
}

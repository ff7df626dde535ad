/**
 * When the ledger settles an intent, for the receipt: the SDK's `whenSettled`, which also
 * hears outcomes settled by the tab that runs the sync loop.
 */
import type { IntentOutcome, Terminal } from 'tillpoints';

/** What the ledger made of an intent. */
export interface Settlement {
  readonly status: 'confirmed' | 'rejected' | 'quarantined' | 'voided';
  /** Why it was refused (a rejection reason), when it was. */
  readonly reason?: string;
  /** Points the ledger applied, when it applied other points than the till showed. */
  readonly ledgerPoints?: number;
}

function settlementOf(outcome: IntentOutcome, voided: boolean): Settlement {
  if (outcome.status === 'rejected') return { status: 'rejected', ...(outcome.reason ? { reason: outcome.reason } : {}) };
  if (outcome.status === 'quarantined') return { status: voided ? 'voided' : 'quarantined' };
  return { status: 'confirmed', ...(outcome.status === 'adjusted' ? { ledgerPoints: outcome.ledgerPoints } : {}) };
}

/** Resolves when staff put a quarantined intent back in the queue (here or in another tab). */
function backInQueue(till: Terminal, intentId: string, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const check = () => void till.intent(intentId).then((i) => i?.state === 'pending' && done(), () => {});
    const off = till.on('quarantine', (e) => e.intent.intentId === intentId && check());
    const tick = setInterval(check, 1000); // a retry from another tab is not an event here
    const done = () => (off(), clearInterval(tick), signal.removeEventListener('abort', done), resolve());
    signal.addEventListener('abort', done);
  });
}

/**
 * Calls `update` each time the ledger (or staff) settles the intent, until it is settled for
 * good: confirmed, refused or voided. A quarantined intent is not final here: staff may retry
 * it, and the ledger then confirms it. Returns the canceller (the receipt moved on).
 */
export function watchSettlement(till: Terminal, intentId: string, update: (s: Settlement) => void): () => void {
  const stop = new AbortController();
  void (async () => {
    while (!stop.signal.aborted) {
      const outcome = await till.whenSettled(intentId, { signal: stop.signal });
      const voided = outcome.status === 'quarantined' && (await till.intent(intentId))?.state === 'voided';
      update(settlementOf(outcome, voided));
      if (outcome.status !== 'quarantined' || voided) return;
      await backInQueue(till, intentId, stop.signal);
    }
  })().catch(() => {}); // aborted, or the till closed
  return () => stop.abort();
}

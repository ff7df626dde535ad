/**
 * A till's clock against the ledger's. Bills carry the till's time; a till whose clock is
 * hours off must not choose another ruleset, fall into another promotion's hours or escape
 * a limit's window, so the ledger judges each bill at its corrected time.
 */

/** Skews smaller than this are network latency and ordinary drift: no correction. */
export const CLOCK_DEADBAND_MS = 5_000;

/** A bill dated further than this into the ledger's future (after correction) is judged at the ledger's time. */
export const FUTURE_TOLERANCE_MS = 2 * 60_000;

/**
 * The till's skew, `tillClock − ledgerNow`, from its clock reading when it sent a push and
 * the ledger's clock when the push arrived (so latency reads as a till slightly behind).
 */
export function estimateSkew(sentAt: string, receivedAt: string): number {
  return Date.parse(sentAt) - Date.parse(receivedAt);
}

/**
 * The time a bill is judged at: the till's time less its skew (ignored within the dead
 * band), and never more than {@link FUTURE_TOLERANCE_MS} after the ledger's clock.
 */
export function correctBillTime(occurredAt: string, skewMs: number, ledgerNow: string): string {
  const corrected = Math.abs(skewMs) < CLOCK_DEADBAND_MS ? Date.parse(occurredAt) : Date.parse(occurredAt) - skewMs;
  const now = Date.parse(ledgerNow);
  if (corrected > now + FUTURE_TOLERANCE_MS) return new Date(now).toISOString();
  return corrected === Date.parse(occurredAt) ? occurredAt : new Date(corrected).toISOString();
}

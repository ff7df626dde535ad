/** Shortest safety margin between when a till stops using an allowance and when the ledger releases it. */
export const MIN_HOLD_MARGIN_MS = 10 * 60_000;

/**
 * When (this till's clock, ms) the till stops relying on a hold or allowance the ledger just
 * answered with. The life left is measured on the ledger's clock (`expiresAt - ledgerTime`,
 * both from the same answer), so a till whose clock is off by hours still measures it right;
 * the till then keeps a margin of max(10 minutes, 10% of that life) for its own clock's drift
 * and for a redemption that waits in the queue before it reaches the ledger. A life shorter
 * than the margin gives a use-by time of `tillNow` or earlier: never usable offline.
 */
export function holdUseBy(answer: { readonly expiresAt: string; readonly ledgerTime: string }, tillNow: number): number {
  const life = Date.parse(answer.expiresAt) - Date.parse(answer.ledgerTime);
  const margin = Math.max(MIN_HOLD_MARGIN_MS, Math.ceil(life / 10));
  return tillNow + life - margin;
}

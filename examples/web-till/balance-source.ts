/** A member's balance as a stream, for the member panel and the receipt. */
import type { Balance, Terminal } from 'tillpoints';

/**
 * Calls `render` with the member's balance now and whenever it may have changed: the SDK's
 * `balance` event, and once a second from the local database (another tab of this till may
 * have synced it). Never waits on the network. Returns the unsubscriber.
 */
export function watchBalance(till: Terminal, memberId: string, render: (balance: Balance) => void): () => void {
  let stopped = false;
  const refresh = () => void till.getBalance(memberId).then((b) => stopped || render(b), () => {});
  const off = till.on('balance', (b) => b.memberId === memberId && !stopped && render(b));
  const tick = setInterval(refresh, 1000);
  refresh();
  return () => {
    stopped = true;
    off();
    clearInterval(tick);
  };
}

/**
 * The till's status as a stream, for the banner: the SDK's synchronous status snapshot
 * (the same pair React binds with `useSyncExternalStore`, see examples/react-status).
 */
import type { Terminal, TerminalStatus } from 'tillpoints';

/**
 * Calls `render` with the till's status now and whenever it changes. The snapshot follows
 * this tab's writes and sync rounds and other tabs' new intents; reading the status once a
 * second also keeps the age of the oldest queued bill moving. Returns the unsubscriber.
 */
export function watchStatus(till: Terminal, render: (status: TerminalStatus) => void): () => void {
  const off = till.subscribeStatus(() => render(till.getStatusSnapshot()));
  const read = () => void till.status().catch(() => {}); // updates the snapshot; closing is fine
  const tick = setInterval(read, 1000);
  render(till.getStatusSnapshot());
  read();
  return () => {
    off();
    clearInterval(tick);
  };
}

/**
 * The till's status as a stream, for the banner. One module so it can move to the SDK's
 * `subscribeStatus`/`getStatusSnapshot` (see examples/react-status) without touching the banner.
 */
import type { Terminal, TerminalStatus } from 'tillpoints';

/**
 * Calls `render` with the till's status now and whenever it may have changed: the SDK's
 * `status` event (after each sync round, on an offline hint), each new intent, and once a
 * second, because another tab of this till may have written or synced, and the age of the
 * oldest queued bill grows. `status()` reads the local database only. Returns the unsubscriber.
 */
export function watchStatus(till: Terminal, render: (status: TerminalStatus) => void): () => void {
  let stopped = false;
  const refresh = () => void till.status().then((s) => stopped || render(s), () => {});
  const offs = [
    till.on('status', (s) => stopped || render(s)),
    till.on('intent', refresh),
    till.on('conflict', refresh),
    till.on('quarantine', refresh),
  ];
  const tick = setInterval(refresh, 1000);
  refresh();
  return () => {
    stopped = true;
    for (const off of offs) off();
    clearInterval(tick);
  };
}

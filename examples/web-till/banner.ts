/**
 * The banner a cashier glances at: offline, syncing or all synced, how much is queued and
 * how old the oldest unsynced intent is; conflicts and quarantined intents waiting for staff;
 * whether this tab runs the sync loop; and a button to sync now.
 */
import type { Terminal, TerminalStatus } from 'tillpoints';
import { age, byId, explainError } from './dom.js';
import { watchStatus } from './status-source.js';

/** `offline`, `syncing` or `synced` (`starting` before the first answer). */
export type BannerState = 'starting' | 'offline' | 'syncing' | 'synced';

/**
 * What the banner says. Offline when the last request failed, or when the browser says it has
 * no network (a hint worth believing when it says offline, never when it says online);
 * syncing while anything is queued; all synced when the queue (shared by every tab) is empty.
 */
export function bannerOf(s: TerminalStatus, browserOnline: boolean): { state: BannerState; text: string } {
  const queued = s.queueDepth > 0 ? ` · ${s.queueDepth} queued · oldest ${age(s.oldestPendingAgeMs)}` : ' · nothing queued';
  const staff = [
    s.conflicts > 0 ? `${s.conflicts} conflict${s.conflicts === 1 ? '' : 's'}` : '',
    s.quarantined > 0 ? `${s.quarantined} quarantined` : '',
  ].filter(Boolean);
  const desk = staff.length > 0 ? ` · ${staff.join(', ')} for staff` : '';
  if (s.online === false || !browserOnline) return { state: 'offline', text: `Offline${queued}: points stay provisional until the till reconnects${desk}` };
  if (s.queueDepth > 0) return { state: 'syncing', text: `Syncing${queued}${desk}` };
  // A tab that does not run the sync loop makes no requests of its own: the shared queue says it all.
  if (s.online === null && s.leader) return { state: 'starting', text: `Connecting to the ledger…${desk}` };
  return { state: 'synced', text: `All synced${desk}` };
}

/** Wires the banner, the leader line and the "Sync now" button to the till. */
export function mountBanner(till: Terminal): void {
  const banner = byId('banner');
  const leader = byId('leader');
  const render = (s: TerminalStatus) => {
    const { state, text } = bannerOf(s, navigator.onLine);
    banner.dataset.state = state;
    banner.dataset.queue = String(s.queueDepth);
    banner.textContent = text;
    if (s.lastError && state === 'offline') banner.title = `last error: ${s.lastError.message}`;
    leader.textContent = s.leader ? 'This tab syncs for the till' : 'Another tab of this till syncs';
  };
  watchStatus(till, render);
  const refresh = () => void till.status().then(render, () => {});
  addEventListener('offline', refresh);
  addEventListener('online', refresh);
  const button = byId<HTMLButtonElement>('sync-now');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await till.sync();
    } catch (e) {
      banner.title = explainError(e);
    } finally {
      button.disabled = false;
      refresh();
    }
  });
}

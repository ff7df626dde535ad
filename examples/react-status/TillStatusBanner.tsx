/**
 * The till's status in a React component, through `useSyncExternalStore`: React asks for a
 * synchronous snapshot (`till.getStatusSnapshot`, the same object until something changed)
 * and subscribes with `till.subscribeStatus` (which answers the unsubscriber). Both are
 * arrow-function properties of the terminal, so they are passed as they are, unbound.
 *
 * Not compiled by this repository's `tsc` (React is not one of its dependencies): copy it into
 * an app that has React 18 or newer.
 */
import { useSyncExternalStore } from 'react';
import type { Terminal, TerminalStatus } from 'tillpoints';

/** Seconds, minutes or hours: how long the oldest queued bill has waited. */
function age(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 3600)} h`;
}

/** What the banner says: offline, syncing with a queue, or all synced. */
function describe(s: TerminalStatus): { state: 'offline' | 'syncing' | 'synced' | 'starting'; text: string } {
  const queued = s.queueDepth > 0 ? ` · ${s.queueDepth} queued · oldest ${age(s.oldestPendingAgeMs)}` : '';
  if (s.online === false) return { state: 'offline', text: `Offline${queued}: points stay provisional` };
  if (s.queueDepth > 0) return { state: 'syncing', text: `Syncing${queued}` };
  if (s.online === null && s.leader) return { state: 'starting', text: 'Connecting to the ledger…' };
  return { state: 'synced', text: 'All synced' };
}

/** A banner that re-renders whenever the till's status changes, and only then. */
export function TillStatusBanner({ till }: { till: Terminal }) {
  const status = useSyncExternalStore(till.subscribeStatus, till.getStatusSnapshot);
  const { state, text } = describe(status);
  const staff = status.conflicts + status.quarantined;
  return (
    <div role="status" aria-live="polite" data-state={state} className={`till-banner till-banner--${state}`}>
      {text}
      {staff > 0 && <span className="till-banner__staff"> · {staff} for staff</span>}
    </div>
  );
}

import type { SyncReport } from './events.js';

/**
 * A message between terminal objects that share one local database: a new intent (a nudge
 * for the leader), a complete pull, a finished round of the leader (`startedAt` on the shared
 * clock, for followers waiting in `sync({ waitForLeader })`). A tab ignores types it does not know.
 */
export type TabMessage =
  | { readonly type: 'intent' }
  | { readonly type: 'pulled'; readonly at: number }
  | { readonly type: 'round'; readonly startedAt: number; readonly report: SyncReport };

/** Tells the other terminal objects on the same database (other tabs) what happened. */
export interface TabChannel {
  post(message: TabMessage): void;
  listen(listener: (message: TabMessage) => void): void;
  close(): void;
}

// Terminals on an injected IndexedDB factory (fake-indexeddb in Node) share a database only
// with terminals on the very same factory object: their bus is keyed by it.
const localBuses = new WeakMap<object, Map<string, Set<(m: TabMessage) => void>>>();

function localChannel(factory: object, name: string): TabChannel {
  let byName = localBuses.get(factory);
  if (!byName) localBuses.set(factory, (byName = new Map()));
  let peers = byName.get(name);
  if (!peers) byName.set(name, (peers = new Set()));
  const group = peers;
  let mine: ((m: TabMessage) => void) | undefined;
  return {
    post(message) {
      for (const peer of group) if (peer !== mine) queueMicrotask(() => peer(message));
    },
    listen(listener) {
      mine = listener;
      group.add(listener);
    },
    close() {
      if (mine) group.delete(mine);
    },
  };
}

/**
 * The channel between terminal objects on one database: a BroadcastChannel across the
 * tabs of an origin when the database is the platform's own IndexedDB, else an
 * in-process bus for terminals sharing the same injected factory.
 */
export function openTabChannel(factory: IDBFactory, databaseName: string): TabChannel {
  const platform = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory !== platform || typeof BroadcastChannel !== 'function') return localChannel(factory, databaseName);
  const channel = new BroadcastChannel(`tillpoints:${databaseName}`);
  return {
    post(message) {
      try {
        channel.postMessage(message);
      } catch {
        // closed: nobody left to tell
      }
    },
    listen(listener) {
      channel.onmessage = (event: MessageEvent<TabMessage>) => listener(event.data);
    },
    close() {
      channel.close();
    },
  };
}

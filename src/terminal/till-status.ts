import { quarantinedIntents } from '../outbox/quarantine.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import { readIncarnation } from '../store/till-incarnation.js';
import { pendingIntents, type SyncEngine } from '../sync/sync-engine.js';
import type { TerminalStatus } from './events.js';

/** The till's connection and outbox at a glance, from the local database, the sync loop and the live stream (`live`). */
export async function tillStatus(db: TerminalDatabase, engine: SyncEngine, now: () => number, live = false): Promise<TerminalStatus> {
  const [queueDepth, oldest, conflicts, quarantined, incarnation] = await Promise.all([
    pendingIntents(db).count(),
    pendingIntents(db).first(),
    db.intents.where('[state+seq]').between(['rejected', 0], ['rejected', Infinity]).filter((i) => i.acknowledged === false).count(),
    quarantinedIntents(db).count(),
    readIncarnation(db),
  ]);
  return {
    online: engine.online, queueDepth, oldestPendingAgeMs: oldest ? Math.max(0, now() - oldest.createdAt) : 0,
    lastSyncAt: engine.lastSyncAt, lastError: engine.lastError, conflicts, quarantined, leader: engine.leader, live,
    incarnation: { ...incarnation },
  };
}

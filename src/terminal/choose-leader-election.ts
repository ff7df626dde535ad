import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import { LeaseElection, WebLockElection, type LeaderElection, type LockManagerLike } from '../sync/leader-election.js';
import type { ResolvedTerminalOptions } from './terminal-options.js';

/**
 * How the tabs of one till agree on one sync loop: a Web Lock where the platform has one
 * (`'auto'`, `'web-locks'`), else a lease row in IndexedDB. `onGranted` runs when this tab
 * is given a lock it waited for. A {@link LeaderElection} passed in the options is used as it is.
 */
export function chooseLeaderElection(
  o: ResolvedTerminalOptions,
  db: TerminalDatabase,
  holderId: string,
  onGranted: () => void,
): LeaderElection {
  if (typeof o.leaderElection === 'object') return o.leaderElection;
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (o.leaderElection !== 'lease' && locks) return new WebLockElection(locks, `tillpoints-sync:${o.databaseName}`, onGranted);
  if (o.leaderElection === 'web-locks') {
    throw new TillpointsError(ERROR_CODES.invalidOptions, 'leaderElection "web-locks" needs navigator.locks, which this platform lacks');
  }
  return new LeaseElection(db, holderId, Math.max(3 * o.pullIntervalMs, 10_000), o.now);
}

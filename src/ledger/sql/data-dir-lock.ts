import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError } from './data-dir-in-use-error.js';

/** The lock file the embedded database keeps in its data folder while a ledger holds it. */
export const LOCK_FILE_NAME = 'tillpoints-ledger.lock';

/** An exclusive hold on a data folder; `release()` may be called more than once. */
export interface DataDirLock {
  readonly file: string;
  release(): void;
}

interface LockOwner {
  readonly pid: number;
  /** The machine (or container) of the process: a pid means nothing on another one. */
  readonly host?: string;
  readonly startedAt: string;
  readonly token: string;
  /** The process's start time as Linux counts it, to tell a reused pid from the owner. */
  readonly procStart?: string;
}

// Locks this process holds, by file, with the token written in each.
const held = new Map<string, string>();
let exitHookInstalled = false;

// Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces).
function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A live process with another start time reused the pid after the owner died.
  const start = owner.procStart === undefined ? undefined : procStart(owner.pid);
  return start === undefined || start === owner.procStart;
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    return Number.isSafeInteger(owner.pid) && typeof owner.token === 'string' ? owner : undefined;
  } catch {
    return undefined;
  }
}

function tryCreate(file: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Whether the lock in `file` is held by a live ledger (this one included). */
function isHeld(file: string, owner: LockOwner | undefined): boolean {
  if (!owner) {
    // Unreadable: either being written this instant, or left half-written by a crash.
    try {
      return Date.now() - statSync(file).mtimeMs < 5_000;
    } catch {
      return false;
    }
  }
  // Another machine's process cannot be checked from here: it counts as live.
  // Our own pid: held only if this process took it (a container restarts with the same pid).
  if (owner.host !== undefined && owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return held.get(file) === owner.token;
  return isAlive(owner);
}

function releaseIfOurs(file: string, token: string): void {
  held.delete(file);
  try {
    if (readOwner(file)?.token === token) unlinkSync(file);
  } catch {
    // already gone
  }
}

/**
 * Takes the data folder for this process: creates `tillpoints-ledger.lock` in it (with the
 * pid and start time), taking over a lock whose process is gone. Released by `release()`
 * or when the process exits. Throws {@link DataDirInUseError} when a live ledger holds it.
 *
 * Liveness is checked with the pid (and, on Linux, the process's start time, so a reused
 * pid is not mistaken for the owner). A lock written on another host (another container
 * sharing the folder) cannot be checked and always counts as live: delete it by hand
 * once that ledger is gone. Two processes taking over the same stale lock at the same
 * instant could both succeed; starting two ledgers at once after a crash is the only way
 * to get there.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE_NAME);
  const start = procStart(process.pid);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    token: randomBytes(12).toString('hex'),
    ...(start === undefined ? {} : { procStart: start }),
  };
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(file, owner)) break;
    const current = readOwner(file);
    if (isHeld(file, current) || attempt >= 2) {
      throw new DataDirInUseError(dataDir, current?.pid, file, current?.host === hostname() ? undefined : current?.host);
    }
    // Stale: its process is gone. Remove it and try again.
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  held.set(file, owner.token);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const [f, token] of held) releaseIfOurs(f, token);
    });
  }
  return {
    file,
    release() {
      if (held.get(file) === owner.token) releaseIfOurs(file, owner.token);
    },
  };
}

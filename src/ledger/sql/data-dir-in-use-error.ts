/**
 * Thrown when the embedded database's data folder is held by another ledger (another
 * process, or another ledger in this one). Two PGlite instances on one folder lose writes,
 * so the second opener is refused instead.
 */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
  /** Stable code, for callers that match on it. */
  readonly code = 'data_dir_in_use';
  /** The data folder asked for. */
  readonly dataDir: string;
  /** The process that holds it, when the lock file says. */
  readonly pid: number | undefined;
  /** The lock file; delete it by hand only if no such ledger runs. */
  readonly lockFile: string;

  /** `host` is given when the holder runs on another host (or container) than this one. */
  constructor(dataDir: string, pid: number | undefined, lockFile: string, host?: string) {
    const who = `${pid === undefined ? 'another process' : `process ${pid}`}${host === undefined ? '' : ` on host ${host}`}`;
    super(
      `the ledger data in ${dataDir} is in use by ${who}; stop it, or use the admin HTTP endpoints` +
        ` (if no ledger runs as ${who}, delete ${lockFile})`,
    );
    this.dataDir = dataDir;
    this.pid = pid;
    this.lockFile = lockFile;
  }
}

/** Whether `error` is a {@link DataDirInUseError}, also across realms. */
export function isDataDirInUseError(error: unknown): error is DataDirInUseError {
  return (error as { name?: unknown } | null)?.name === 'DataDirInUseError';
}

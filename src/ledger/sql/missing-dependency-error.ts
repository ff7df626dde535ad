/**
 * Thrown when the ledger is asked for a database whose driver package is not installed.
 * The drivers are optional peer dependencies of tillpoints, so a browser till never
 * downloads them: `@electric-sql/pglite` for the embedded database, `pg` for a PostgreSQL
 * server. The message names the package and the command that installs it.
 */
export class MissingDependencyError extends Error {
  override readonly name = 'MissingDependencyError';
  /** Stable code, for callers that match on it. */
  readonly code = 'missing_dependency';
  /** The package to install, e.g. `@electric-sql/pglite`. */
  readonly packageName: string;
  /** The command that installs a version tillpoints works with, e.g. `npm install pg@^8.23.1`. */
  readonly installCommand: string;

  /** `purpose` says what needed the package ("the embedded database (PGlite)"); `cause` is the loader's error. */
  constructor(packageName: string, versionRange: string, purpose: string, cause?: unknown) {
    const installCommand = `npm install ${packageName}@${versionRange}`;
    super(
      `${purpose} needs the package ${packageName}, which is not installed; install it with: ${installCommand}`,
      { cause },
    );
    this.packageName = packageName;
    this.installCommand = installCommand;
  }
}

/** Whether `error` is a {@link MissingDependencyError}, also across realms. */
export function isMissingDependencyError(error: unknown): error is MissingDependencyError {
  return (error as { name?: unknown } | null)?.name === 'MissingDependencyError';
}

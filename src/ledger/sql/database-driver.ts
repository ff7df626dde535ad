import { MissingDependencyError } from './missing-dependency-error.js';

/**
 * The optional peer dependencies that drive each database, with the versions tillpoints is
 * tested with. They must match `peerDependencies` in package.json (a test checks it).
 */
export const DATABASE_DRIVERS = {
  pglite: {
    packageName: '@electric-sql/pglite',
    versionRange: '^0.5.16',
    purpose: 'the embedded database (PGlite)',
  },
  postgres: { packageName: 'pg', versionRange: '^8.23.1', purpose: 'a PostgreSQL server' },
} as const;

/** A database kind that needs a driver package. */
export type DriverKind = keyof typeof DATABASE_DRIVERS;

/**
 * Loads a database's driver package with `load` (a literal `import()`, so bundlers and types
 * follow it), only when that database is opened: importing `tillpoints/ledger` needs neither.
 * A driver that is not installed becomes a {@link MissingDependencyError}; any other failure
 * (a broken install, a missing package of the driver's own) is rethrown as it is.
 */
export async function loadDatabaseDriver<Module>(
  kind: DriverKind,
  load: () => Promise<Module>,
): Promise<Module> {
  const driver = DATABASE_DRIVERS[kind];
  try {
    return await load();
  } catch (error) {
    if (isNotFound(error, driver.packageName)) {
      throw new MissingDependencyError(driver.packageName, driver.versionRange, driver.purpose, error);
    }
    throw error;
  }
}

// Node's ESM loader says "Cannot find package 'pg' imported from ...", its CommonJS loader
// "Cannot find module 'pg'": both with the package's name quoted.
function isNotFound(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${packageName}'`)
  );
}

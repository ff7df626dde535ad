import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMissingDependencyError } from '../../src/ledger/index.js';
import {
  DATABASE_DRIVERS,
  loadDatabaseDriver,
  type DriverKind,
} from '../../src/ledger/sql/database-driver.js';

// A folder with no node_modules above it that holds the drivers: Node's own loaders fail
// there exactly as they do in a vendor's project without the optional peers.
const bare = mkdtempSync(join(tmpdir(), 'tillpoints-no-drivers-'));
afterAll(() => rmSync(bare, { recursive: true, force: true }));

// Node's own ESM loader (the test runner's would resolve from this project): one child
// process imports each driver from the bare folder through loadDatabaseDriver.
const PROBES: readonly (readonly [DriverKind, string])[] = [
  ['pglite', '@electric-sql/pglite'],
  ['postgres', 'pg-pool'], // a package of the driver's own, not the driver
];
function probeFromBare(): Record<string, unknown>[] {
  const probe = join(bare, 'probe.mts');
  const load = PROBES.map(
    ([kind, specifier]) => `[${JSON.stringify(kind)}, () => import(${JSON.stringify(specifier)})]`,
  );
  writeFileSync(
    probe,
    `import { loadDatabaseDriver } from ${JSON.stringify(resolve('src/ledger/sql/database-driver.ts'))};
       const seen = [];
       for (const [kind, load] of [${load.join(', ')}]) {
         seen.push(await loadDatabaseDriver(kind, load).then(
           () => ({ loaded: true }),
           (e) => ({ name: e.name, code: e.code, message: e.message, packageName: e.packageName, installCommand: e.installCommand, cause: e.cause?.code }),
         ));
       }
       console.log(JSON.stringify(seen));`,
  );
  return JSON.parse(execFileSync(resolve('node_modules/.bin/tsx'), [probe], { cwd: bare, encoding: 'utf8' }));
}

describe('the database drivers, optional peer dependencies', () => {
  let probed: Record<string, unknown>[] = [];
  beforeAll(() => {
    probed = probeFromBare();
  });

  it('are the peer dependencies package.json declares, optional, and installed for our own tests', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    for (const driver of Object.values(DATABASE_DRIVERS)) {
      expect(pkg.peerDependencies[driver.packageName]).toBe(driver.versionRange);
      expect(pkg.peerDependenciesMeta[driver.packageName]).toEqual({ optional: true });
      expect(pkg.devDependencies[driver.packageName]).toBeDefined();
      expect(pkg.dependencies[driver.packageName]).toBeUndefined();
    }
  });

  it('a driver missing to the ESM loader is a MissingDependencyError naming the package and its install line', async () => {
    const error = probed[0]!;
    expect(error).toMatchObject({
      name: 'MissingDependencyError',
      code: 'missing_dependency',
      packageName: '@electric-sql/pglite',
      installCommand: 'npm install @electric-sql/pglite@^0.5.16',
      cause: 'ERR_MODULE_NOT_FOUND',
    });
    expect(error.message).toBe(
      'the embedded database (PGlite) needs the package @electric-sql/pglite, which is not installed; install it with: npm install @electric-sql/pglite@^0.5.16',
    );
  });

  it('a driver missing to the CommonJS loader is a MissingDependencyError too', async () => {
    const requireFromBare = createRequire(join(bare, 'index.cjs'));
    const error = await loadDatabaseDriver('postgres', async () => requireFromBare('pg')).catch(
      (e: unknown) => e,
    );
    expect(isMissingDependencyError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'missing_dependency',
      packageName: 'pg',
      installCommand: 'npm install pg@^8.23.1',
      cause: { code: 'MODULE_NOT_FOUND' },
    });
  });

  it('a package missing to the driver itself, or any other failure, is rethrown as it is', async () => {
    expect(probed[1]!).toMatchObject({ name: 'Error', code: 'ERR_MODULE_NOT_FOUND' });
    const broken = new Error('the driver failed to initialise');
    await expect(loadDatabaseDriver('pglite', () => Promise.reject(broken))).rejects.toBe(broken);
  });

  it('an installed driver loads', async () => {
    const { PGlite } = await loadDatabaseDriver('pglite', () => import('@electric-sql/pglite'));
    expect(typeof PGlite.create).toBe('function');
  });
});

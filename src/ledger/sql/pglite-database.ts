import type { PGlite } from '@electric-sql/pglite';
import { loadDatabaseDriver } from './database-driver.js';
import { lockDataDir } from './data-dir-lock.js';
import type { SqlDatabase, SqlExecutor, SqlRow } from './sql-database.js';

/**
 * Opens the embedded database: PGlite (PostgreSQL compiled to WebAssembly) in this
 * process, persisted in `dataDir`, or in memory when `dataDir` is absent.
 * PGlite has one connection, so transactions run one at a time.
 *
 * A data folder admits one ledger at a time (two would lose each other's writes): it is
 * locked until `close()` or the process ends, and a second opener gets a
 * `DataDirInUseError`.
 *
 * PGlite is an optional peer dependency, loaded on first use: without it this rejects with a
 * `MissingDependencyError` (code `missing_dependency`) before the folder is locked.
 */
export async function openPgliteDatabase(dataDir?: string): Promise<SqlDatabase> {
  const { PGlite } = await loadDatabaseDriver('pglite', () => import('@electric-sql/pglite'));
  const lock = dataDir === undefined ? undefined : lockDataDir(dataDir);
  let db: PGlite;
  try {
    db = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  } catch (error) {
    lock?.release();
    throw error;
  }
  return pgliteSqlDatabase(db, () => lock?.release());
}

/**
 * The ledger's view of an open PGlite: queries, transactions, and `close()`, which closes it
 * and then calls `release`. For a caller that opened PGlite itself (tests start theirs from a
 * copy of a fresh data folder, which skips initdb).
 */
export function pgliteSqlDatabase(db: PGlite, release: () => void = () => {}): SqlDatabase {
  return {
    kind: 'pglite',
    async query<Row extends SqlRow>(sql: string, params?: readonly unknown[]) {
      const result = await db.query<Row>(sql, params as unknown[] | undefined);
      return result.rows;
    },
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>) {
      return db.transaction(async (tx) =>
        work({
          async query<Row extends SqlRow>(sql: string, params?: readonly unknown[]) {
            const result = await tx.query<Row>(sql, params as unknown[] | undefined);
            return result.rows;
          },
        }),
      );
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async close() {
      try {
        if (!db.closed) await db.close();
      } finally {
        release();
      }
    },
  };
}

import type { PGlite } from '@electric-sql/pglite';
import { loadDatabaseDriver } from './database-driver.js';
import { lockDataDir } from './data-dir-lock.js';
import { startPgliteWorker } from './pglite-worker-database.js';
import type { SqlDatabase, SqlExecutor, SqlRow } from './sql-database.js';
import { queueDatabaseWork } from './work-queue.js';

/** How long a request waits for the embedded database by default before it is answered `503 ledger_busy`. */
export const DEFAULT_QUEUE_WAIT_MS = 2_000;

/**
 * Opens the embedded database: PGlite (PostgreSQL compiled to WebAssembly) in a worker
 * thread of this process, persisted in `dataDir`, or in memory when `dataDir` is absent. The
 * ledger's own thread only passes messages, so it keeps answering (health at once) while the
 * database works. PGlite has one connection, so queries and transactions run one at a time,
 * in order; one that waited `queueWaitMs` for its turn (or is sure to) is refused with a
 * `LedgerBusyError` (`503 ledger_busy` with `Retry-After`) before it did anything.
 *
 * A data folder admits one ledger at a time (two would lose each other's writes): it is
 * locked until `close()` or the process ends, and a second opener gets a
 * `DataDirInUseError`. `close()` refuses new work at once and lets transactions under way finish
 * for `closeWaitMs` (default 5000) before rolling back the rest (see `startPgliteWorker`).
 *
 * PGlite is an optional peer dependency, loaded on first use: without it this rejects with a
 * `MissingDependencyError` (code `missing_dependency`) before the folder is locked.
 */
export async function openPgliteDatabase(dataDir?: string, queueWaitMs = DEFAULT_QUEUE_WAIT_MS, closeWaitMs?: number): Promise<SqlDatabase> {
  if (!Number.isSafeInteger(queueWaitMs) || queueWaitMs < 1) throw new RangeError('queueWaitMs must be a whole number of milliseconds, at least 1');
  await loadDatabaseDriver('pglite', () => import('@electric-sql/pglite'));
  const lock = dataDir === undefined ? undefined : lockDataDir(dataDir);
  // startPgliteWorker releases the lock itself when PGlite fails to open.
  const { database } = await startPgliteWorker(
    { ...(dataDir === undefined ? {} : { dataDir }), ...(closeWaitMs === undefined ? {} : { closeWaitMs }) },
    () => lock?.release(),
  );
  return queueDatabaseWork(database, { maxWaitMs: queueWaitMs });
}

/**
 * Opens PGlite in this thread, with no queue and no timer: for a simulation that runs the
 * ledger on a virtual clock (a worker thread and a wait limit in real time would make its
 * runs differ), and for tools. A server uses {@link openPgliteDatabase}. In memory when
 * `dataDir` is absent; a data folder is locked as there.
 */
export async function openPgliteInThread(dataDir?: string): Promise<SqlDatabase> {
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

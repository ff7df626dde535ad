import { openPgliteDatabase } from './pglite-database.js';
import { openPostgresDatabase } from './postgres-database.js';
import type { SqlDatabase } from './sql-database.js';

/**
 * Where the ledger keeps its data: the embedded database in a directory (or in memory),
 * or a PostgreSQL server. A directory admits one open database at a time (see
 * `DataDirInUseError`); a server admits many. `shared` is a database already open, which
 * the ledger uses (and migrates) but does not own: closing the ledger leaves it open.
 */
export type DatabaseConfig =
  | {
      readonly kind: 'pglite';
      readonly dataDir?: string;
      /**
       * How long a request may wait for the embedded database (it runs one transaction at a
       * time) before the ledger answers `503 ledger_busy` with `Retry-After`, instead of
       * keeping a till waiting past its timeout. @default 2000
       */
      readonly queueWaitMs?: number;
      /**
       * How long `close()` lets transactions already under way finish before it rolls back the
       * ones still open (new work is refused at once with a `DatabaseClosedError`, answered
       * `503 storage_unavailable`), so a close always ends. @default 5000
       */
      readonly closeWaitMs?: number;
    }
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number }
  | { readonly kind: 'shared'; readonly database: SqlDatabase };

/** Opens the database a {@link DatabaseConfig} names; a `shared` one is already open, and is returned as it is. */
export async function openDatabase(config: DatabaseConfig): Promise<SqlDatabase> {
  if (config.kind === 'shared') return config.database;
  return config.kind === 'pglite'
    ? openPgliteDatabase(config.dataDir, config.queueWaitMs, config.closeWaitMs)
    : openPostgresDatabase(config.url, config.poolSize);
}

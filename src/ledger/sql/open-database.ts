import { openPgliteDatabase } from './pglite-database.js';
import { openPostgresDatabase } from './postgres-database.js';
import type { SqlDatabase } from './sql-database.js';

/**
 * Where the ledger keeps its data: the embedded database in a directory (or in memory),
 * or a PostgreSQL server. A directory admits one open database at a time (see
 * `DataDirInUseError`); a server admits many.
 */
export type DatabaseConfig =
  | { readonly kind: 'pglite'; readonly dataDir?: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number };

/** Opens the database a {@link DatabaseConfig} names. */
export async function openDatabase(config: DatabaseConfig): Promise<SqlDatabase> {
  return config.kind === 'pglite'
    ? openPgliteDatabase(config.dataDir)
    : openPostgresDatabase(config.url, config.poolSize);
}

import { PGlite } from '@electric-sql/pglite';
import type { SqlDatabase, SqlExecutor, SqlRow } from './sql-database.js';

/**
 * Opens the embedded database: PGlite (PostgreSQL compiled to WebAssembly) in this
 * process, persisted in `dataDir`, or in memory when `dataDir` is absent.
 * PGlite has one connection, so transactions run one at a time.
 */
export async function openPgliteDatabase(dataDir?: string): Promise<SqlDatabase> {
  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
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
      if (!db.closed) await db.close();
    },
  };
}

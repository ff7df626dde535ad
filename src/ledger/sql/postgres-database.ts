import pg from 'pg';
import type { SqlDatabase, SqlExecutor, SqlRow } from './sql-database.js';

/** Opens a pool of connections to a PostgreSQL server. */
export async function openPostgresDatabase(connectionString: string, poolSize = 10): Promise<SqlDatabase> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // A pool reports errors of idle connections here; without a listener they crash the process.
  pool.on('error', () => {});
  const probe = await pool.connect();
  probe.release();
  return {
    kind: 'postgres',
    async query<Row extends SqlRow>(sql: string, params?: readonly unknown[]) {
      const result = await pool.query<Row>(sql, params as unknown[] | undefined);
      return result.rows;
    },
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const value = await work({
          async query<Row extends SqlRow>(sql: string, params?: readonly unknown[]) {
            const result = await client.query<Row>(sql, params as unknown[] | undefined);
            return result.rows;
          },
        });
        await client.query('COMMIT');
        return value;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
  };
}

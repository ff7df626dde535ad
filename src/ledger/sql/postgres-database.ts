import { DatabaseLiveness } from './database-liveness.js';
import { loadDatabaseDriver } from './database-driver.js';
import { isStorageUnavailable } from './storage-errors.js';
import type { SqlDatabase, SqlExecutor, SqlRow } from './sql-database.js';

/** How long a request waits for a connection before it is answered 503. */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Opens a pool of connections to a PostgreSQL server. The server may restart or drop
 * connections at any time: the process never dies of it (every connection, idle or checked
 * out, has an 'error' listener), the failing request gets an error the ledger answers 503,
 * and later requests get fresh connections once the server is back.
 *
 * `pg` is an optional peer dependency, loaded on first use: without it this rejects with a
 * `MissingDependencyError` (code `missing_dependency`).
 */
export async function openPostgresDatabase(connectionString: string, poolSize = 10): Promise<SqlDatabase> {
  const { default: pg } = await loadDatabaseDriver('postgres', () => import('pg'));
  const pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // Errors of idle connections arrive here; without a listener they crash the process.
  pool.on('error', () => {});
  const probe = await pool.connect();
  probe.release();
  // Every answer of the server counts for health: a pool busy with pushes is up (see ping).
  // A request that could not reach the server makes the next health check ask it afresh.
  const liveness = new DatabaseLiveness();
  const unreachable = (error: unknown): never => {
    if (isStorageUnavailable(error)) liveness.unreachable();
    throw error;
  };
  const answered = async <T>(reply: Promise<T>): Promise<T> => {
    const result = await reply.catch(unreachable);
    liveness.answered();
    return result;
  };
  return {
    kind: 'postgres',
    async query<Row extends SqlRow>(sql: string, params?: readonly unknown[]) {
      const result = await answered(pool.query<Row>(sql, params as unknown[] | undefined));
      return result.rows;
    },
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>) {
      const client = await pool.connect().catch(unreachable); // an idle connection handed out is no answer of the server
      // A checked-out client has no pool listener: a dropped connection (server restart,
      // pg_terminate_backend) would be an unhandled 'error' event. The query in flight
      // fails on its own; the connection is then thrown away, not returned to the pool.
      let broken = false;
      const onError = () => {
        broken = true;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const value = await work({
          async query<Row extends SqlRow>(sql: string, params?: readonly unknown[]) {
            const result = await answered(client.query<Row>(sql, params as unknown[] | undefined));
            return result.rows;
          },
        });
        await client.query('COMMIT');
        return value;
      } catch (error) {
        if (!broken) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true;
          }
        }
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    async exec(sql: string) {
      await answered(pool.query(sql));
    },
    // Up if the server answered any query in the last 2 s, else if `SELECT 1` gets a connection
    // and an answer within 1 s: health does not wait behind pushes holding every connection.
    async ping() {
      await liveness.check(async () => {
        await answered(pool.query('SELECT 1'));
      });
    },
    async close() {
      await pool.end();
    },
  };
}

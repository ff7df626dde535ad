/** A row as the driver returns it: column name to value. */
export type SqlRow = Record<string, unknown>;

/** Runs one parameterised statement (`$1`, `$2` ...) and returns its rows. */
export interface SqlExecutor {
  query<Row extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * The ledger's storage seam: PostgreSQL semantics, whatever runs it. Two implementations
 * (PGlite in-process, a PostgreSQL server) pass one contract suite.
 */
export interface SqlDatabase extends SqlExecutor {
  /** `pglite` or `postgres`: for logs and tests, never for branching SQL. */
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one READ COMMITTED transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Checks that the database is there without waiting behind queued work: at once if it
   * answered anything lately, else by a ping (the embedded database's thread answers it between
   * two statements; PostgreSQL's is `SELECT 1`). Health uses it; without it, health runs `SELECT 1`.
   */
  ping?(): Promise<void>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

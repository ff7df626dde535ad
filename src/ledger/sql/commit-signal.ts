import type { SqlDatabase, SqlRow } from './sql-database.js';

/**
 * Tells who listens that a write transaction of this ledger committed: what wakes the live
 * stream to tills and the webhook deliverer without either polling the database.
 *
 * Only this process's commits are signalled: a second ledger process on the same PostgreSQL
 * is not heard, so a listener that must also see those checks the database on a slow timer.
 * A signal says "something committed", not what: listeners read what changed themselves,
 * from their own cursor, so a missed or coalesced signal loses nothing.
 */
export interface CommitSignal {
  /** Calls `listener` after each commit, until the returned function is called. */
  subscribe(listener: () => void): () => void;
}

/** A database whose committed transactions are signalled, and the signal. */
export interface SignalledDatabase {
  readonly database: SqlDatabase;
  readonly commits: CommitSignal;
}

// A statement that may change rows: run by `query` outside a transaction, it commits on its own.
const WRITE = /^\s*(insert|update|delete|merge|with)\b/i;

/**
 * Wraps `db` so that every transaction that commits (its `work` resolved) signals
 * `commits` once, after the commit; so does a write run on its own by `query` (it commits
 * by itself: publishing a ruleset, setting a policy). A listener that throws is reported to
 * `onError` and never fails the transaction that already committed.
 */
export function signalCommits(db: SqlDatabase, onError: (error: unknown) => void): SignalledDatabase {
  const listeners = new Set<() => void>();
  const signal = () => {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (error) {
        onError(error);
      }
    }
  };
  const database: SqlDatabase = {
    kind: db.kind,
    async query<Row extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]) {
      const rows = await db.query<Row>(sql, params);
      if (WRITE.test(sql)) signal();
      return rows;
    },
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
    ...(db.ping ? { ping: () => db.ping!() } : {}),
    async transaction(work) {
      const result = await db.transaction(work);
      signal();
      return result;
    },
  };
  return {
    database,
    commits: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };
}

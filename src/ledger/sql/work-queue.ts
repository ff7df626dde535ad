import { DatabaseClosedError } from './database-closed-error.js';
import { LedgerBusyError } from './ledger-busy-error.js';
import type { SqlDatabase, SqlRow } from './sql-database.js';

/** How a database that runs one piece of work at a time admits more. */
export interface WorkQueueOptions {
  /** Longest a query or transaction may wait for its turn before it is refused `ledger_busy`. */
  readonly maxWaitMs: number;
  /** The clock durations are measured on, in ms. @default performance.now */
  readonly now?: () => number;
}

interface Waiter {
  readonly start: () => void;
  readonly refuse: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

// Weight of the newest duration in the running average (an exponentially weighted mean).
const SMOOTHING = 0.2;

/**
 * `db`, whose queries and transactions run one at a time in the order they came, each waiting
 * at most `maxWaitMs` for its turn: for the embedded database, which has one connection. Work
 * that would wait longer (its expected wait, the queue ahead times the mean duration, is past
 * the bound) is refused at once, and work still waiting at the bound is refused then, with a
 * {@link LedgerBusyError} before it did anything; work that started always runs to its end.
 * So a request is answered within about `maxWaitMs` plus its own work, however many tills
 * push at once, instead of queueing past their timeouts.
 *
 * `ping` and `close` do not queue. `close()` refuses the work still waiting, and all work after
 * it, with a {@link DatabaseClosedError} (nothing of it was done); the work running goes on
 * (a transaction gets the database's close wait), and `db` is closed.
 */
export function queueDatabaseWork(db: SqlDatabase, options: WorkQueueOptions): SqlDatabase {
  const waiting: Waiter[] = [];
  let running = false;
  let meanMs = 0;
  let closed = false;
  const now = options.now ?? (() => performance.now());
  const retryAfter = () => Math.max(1, Math.ceil(((waiting.length + 1) * meanMs) / 1000));
  const next = () => {
    running = false;
    const waiter = waiting.shift();
    if (!waiter) return;
    clearTimeout(waiter.timer);
    waiter.start();
  };
  const run = <T>(work: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        running = true;
        const started = now();
        // The next work starts before this one's caller resumes: the queue never idles while full.
        const done = () => {
          const took = now() - started;
          meanMs = meanMs === 0 ? took : meanMs + SMOOTHING * (took - meanMs);
          next();
        };
        work().then(
          (value) => {
            done();
            resolve(value);
          },
          (error: unknown) => {
            done();
            reject(error);
          },
        );
      };
      if (closed) return reject(new DatabaseClosedError());
      if (!running && waiting.length === 0) return start();
      if ((waiting.length + 1) * meanMs > options.maxWaitMs) return reject(new LedgerBusyError(retryAfter()));
      const waiter: Waiter = {
        start,
        refuse: reject,
        timer: setTimeout(() => {
          waiting.splice(waiting.indexOf(waiter), 1);
          reject(new LedgerBusyError(retryAfter()));
        }, options.maxWaitMs),
      };
      // A waiting request must not keep the process alive on its own.
      waiter.timer.unref?.();
      waiting.push(waiter);
    });
  return {
    kind: db.kind,
    query: <Row extends SqlRow>(sql: string, params?: readonly unknown[]) => run(() => db.query<Row>(sql, params)),
    transaction: (work) => run(() => db.transaction(work)),
    exec: (sql) => run(() => db.exec(sql)),
    ...(db.ping ? { ping: () => db.ping!() } : {}),
    close: () => {
      closed = true;
      for (const waiter of waiting.splice(0)) {
        clearTimeout(waiter.timer);
        waiter.refuse(new DatabaseClosedError());
      }
      return db.close();
    },
  };
}

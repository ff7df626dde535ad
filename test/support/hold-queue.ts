import type { SqlDatabase } from '../../src/ledger/sql/sql-database.js';

/** Holds a database's queue with a transaction that waits until `release()`; `done` settles when it ends. */
export function holdQueue(db: SqlDatabase): { release: () => void; done: Promise<void> } {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const done = db.transaction(async (tx) => {
    await tx.query('SELECT 1');
    await held;
  });
  return { release, done };
}

/**
 * The embedded database's thread: PGlite runs here, so its WebAssembly never blocks the
 * ledger's HTTP thread. Started by `startPgliteWorker` with `workerData` `{ dataDir?, loadDataDir? }`;
 * answers each request message (see pglite-worker-messages.ts) with `{ id, ok, value }` or
 * `{ id, ok: false, error }`. Holds at most one transaction open at a time (PGlite has one
 * connection): a second `begin` waits in PGlite's own queue.
 *
 * Closing: once `close` arrives, only the statements and the end of transactions already under
 * way are taken; everything else is refused with a `DatabaseClosedError`. Those transactions get
 * the close's `rollbackAfterMs` to end; the ones still open then are rolled back (work their
 * caller had not committed), and PGlite is closed. A transaction committed before is kept.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { DatabaseClosedError } from './database-closed-error.js';
import { serializeError, type WorkerReply, type WorkerRequest } from './pglite-worker-messages.js';

const port = parentPort!;
const { dataDir, loadDataDir } = workerData as { dataDir?: string; loadDataDir?: Blob };

// Thrown inside PGlite's transaction callback to make it roll back; never leaves this thread.
class Rollback extends Error {}

interface OpenTransaction {
  readonly tx: Transaction;
  readonly end: (commit: boolean) => void;
}

const reply = (message: WorkerReply) => port.postMessage(message);

async function main(): Promise<void> {
  let db: PGlite;
  try {
    db = await PGlite.create({ ...(dataDir === undefined ? {} : { dataDir }), ...(loadDataDir === undefined ? {} : { loadDataDir }) });
  } catch (error) {
    port.postMessage({ opened: false, error: serializeError(error) });
    return;
  }
  const transactions = new Map<number, OpenTransaction>();
  // Each transaction's outcome in PGlite (committed, or rolled back with the error).
  const outcomes = new Map<number, Promise<unknown>>();
  let nextTx = 1;
  let closing: Promise<void> | undefined;

  // Transactions under way get `rollbackAfterMs` to end; then the ones still open are rolled back.
  const closeDatabase = async (rollbackAfterMs: number): Promise<void> => {
    if (outcomes.size > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, rollbackAfterMs)));
      await Promise.race([Promise.allSettled([...outcomes.values()]), waited]);
      clearTimeout(timer);
      for (const [txId, open] of transactions) {
        transactions.delete(txId);
        open.end(false);
      }
      // Each one rolled back, and each begin queued behind them refused (see 'begin').
      await Promise.allSettled([...outcomes.values()]);
    }
    if (!db.closed) await db.close();
  };

  // A transaction that is not open: one the close rolled back is refused as closed.
  const notOpen = (txId: number): Error => (closing ? new DatabaseClosedError('the database closed: this transaction was rolled back') : new Error(`transaction ${txId} is not open`));

  const answer = async (request: WorkerRequest): Promise<unknown> => {
    switch (request.op) {
      case 'ping':
        if (closing || db.closed) throw new DatabaseClosedError();
        return null;
      case 'query': {
        const open = request.tx === undefined ? undefined : transactions.get(request.tx);
        if (request.tx !== undefined && !open) throw notOpen(request.tx);
        if (!open && closing) throw new DatabaseClosedError();
        const result = await (open?.tx ?? db).query(request.sql, request.params as unknown[] | undefined);
        return result.rows;
      }
      case 'exec':
        if (closing) throw new DatabaseClosedError();
        await db.exec(request.sql);
        return null;
      case 'begin':
        if (closing) throw new DatabaseClosedError();
        return new Promise<number>((begun, failed) => {
          const txId = nextTx++;
          const done = db.transaction(
            (tx) =>
              new Promise<void>((commit, rollback) => {
                // Its turn came after the close began: refused, rolled back at once.
                if (closing) return rollback(new DatabaseClosedError());
                transactions.set(txId, { tx, end: (ok) => (ok ? commit() : rollback(new Rollback())) });
                begun(txId);
              }),
          );
          outcomes.set(txId, done);
          done.catch((error: unknown) => failed(error)).finally(() => {
            transactions.delete(txId);
            outcomes.delete(txId);
          });
        });
      case 'end': {
        const open = transactions.get(request.tx);
        if (!open) throw notOpen(request.tx);
        const done = outcomes.get(request.tx);
        open.end(request.commit);
        try {
          await done;
        } catch (error) {
          if (!(error instanceof Rollback)) throw error;
        }
        return null;
      }
      case 'close':
        closing ??= closeDatabase(request.rollbackAfterMs);
        await closing;
        return null;
    }
  };

  port.on('message', (request: WorkerRequest) => {
    answer(request).then(
      (value) => reply({ id: request.id, ok: true, value }),
      (error: unknown) => reply({ id: request.id, ok: false, error: serializeError(error) }),
    );
  });
  port.postMessage({ opened: true });
}

void main();

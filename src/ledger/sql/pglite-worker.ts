/**
 * The embedded database's thread: PGlite runs here, so its WebAssembly never blocks the
 * ledger's HTTP thread. Started by `startPgliteWorker` with `workerData` `{ dataDir?, loadDataDir? }`;
 * answers each request message (see pglite-worker-messages.ts) with `{ id, ok, value }` or
 * `{ id, ok: false, error }`. Holds at most one transaction open at a time (PGlite has one
 * connection): a second `begin` waits in PGlite's own queue.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
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

  const answer = async (request: WorkerRequest): Promise<unknown> => {
    switch (request.op) {
      case 'ping':
        if (db.closed) throw Object.assign(new Error('the embedded database is closed'), { code: '57P01' });
        return null;
      case 'query': {
        const open = request.tx === undefined ? undefined : transactions.get(request.tx);
        if (request.tx !== undefined && !open) throw new Error(`transaction ${request.tx} is not open`);
        const result = await (open?.tx ?? db).query(request.sql, request.params as unknown[] | undefined);
        return result.rows;
      }
      case 'exec':
        await db.exec(request.sql);
        return null;
      case 'begin':
        return new Promise<number>((begun, failed) => {
          const txId = nextTx++;
          const done = db.transaction(
            (tx) =>
              new Promise<void>((commit, rollback) => {
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
        if (!open) throw new Error(`transaction ${request.tx} is not open`);
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
        if (!db.closed) await db.close();
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

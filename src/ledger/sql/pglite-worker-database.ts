import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DatabaseClosedError } from './database-closed-error.js';
import { DatabaseLiveness } from './database-liveness.js';
import { deserializeError, type SerializedError, type WorkerReply } from './pglite-worker-messages.js';
import type { SqlDatabase, SqlExecutor, SqlRow } from './sql-database.js';
import { WorkerRequests, type WorkerAsk } from './worker-requests.js';

/** The embedded database in a worker thread, and the thread (tests end it to play a crash). */
export interface PgliteWorker {
  readonly database: SqlDatabase;
  readonly worker: Worker;
}

/** Where the worker's PGlite keeps its data. */
export interface PgliteWorkerOptions {
  /** The data folder; in memory without one. */
  readonly dataDir?: string;
  /** A data folder to start from (a `dumpDataDir` tarball): tests skip initdb with it. */
  readonly loadDataDir?: Blob;
  /**
   * How long `close()` lets transactions already under way finish (new work is refused at
   * once); the ones still open then are rolled back, so `close()` settles. @default 5000
   */
  readonly closeWaitMs?: number;
}

/** How long `close()` lets transactions under way finish, by default. */
export const DEFAULT_CLOSE_WAIT_MS = 5_000;

// Past the close's wait, how long the thread has to roll back, close PGlite and answer before
// it is ended as a crash would end it (a statement that runs on and on holds the thread).
const THREAD_CLOSE_MARGIN_MS = 10_000;

// This module's URL: the ESM build and the sources have import.meta; the CommonJS build has __filename.
function moduleUrl(): string {
  return typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
}

/**
 * Starts the worker: the built `pglite-worker.js` beside this module (or in `ledger/` beside
 * a shared chunk), else the TypeScript source, run through tsx's loader (tests and benches
 * run the sources; tsx is a dev dependency).
 */
function spawnWorker(workerData: Pick<PgliteWorkerOptions, 'dataDir' | 'loadDataDir'>): Worker {
  const here = moduleUrl();
  for (const candidate of ['./pglite-worker.js', './ledger/pglite-worker.js']) {
    const url = new URL(candidate, here);
    if (existsSync(fileURLToPath(url))) return new Worker(url, { workerData });
  }
  const source = new URL('./pglite-worker.ts', here);
  const tsx = createRequire(here).resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs');
  const boot = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/** What every request gets once the worker is gone: a connection failure (SQLSTATE 08006), answered 503. */
function workerGone(cause: unknown): Error {
  return Object.assign(new Error('the embedded database stopped (its worker thread ended)', { cause }), { code: '08006' });
}

/**
 * Opens PGlite in a worker thread (persisted in `options.dataDir`, in memory without one) and returns
 * the ledger's view of it. Queries and transactions are messages: the ledger's thread never
 * runs the database's WebAssembly, so it keeps accepting requests while a transaction runs.
 * Every request settles (see {@link WorkerRequests}): if the worker dies, every request waiting
 * on it, and every later one, fails with a connection failure (the ledger answers
 * `503 storage_unavailable`), never hangs.
 *
 * `close()` refuses new work at once with a {@link DatabaseClosedError} (queries, pings, new
 * transactions), lets transactions under way finish for `closeWaitMs` and then has the rest
 * rolled back, closes PGlite, refuses whatever still waits, ends the thread without waiting for
 * it and calls `release`. It settles in bounded time: a thread that does not answer within
 * `closeWaitMs` plus a margin is ended as a crash would end it (close() then rejects).
 */
export async function startPgliteWorker(options: PgliteWorkerOptions = {}, release: () => void = () => {}): Promise<PgliteWorker> {
  const { closeWaitMs = DEFAULT_CLOSE_WAIT_MS, ...where } = options;
  if (!Number.isSafeInteger(closeWaitMs) || closeWaitMs < 0) {
    release();
    throw new RangeError('closeWaitMs must be a whole number of milliseconds, 0 or more');
  }
  const worker = spawnWorker(where);
  const startup: { onMessage?: (m: { opened: boolean; error?: SerializedError }) => void; onError?: (e: unknown) => void; onExit?: (code: number) => void } = {};
  await new Promise<void>((opened, failed) => {
    startup.onMessage = (m) => (m.opened ? opened() : failed(deserializeError(m.error!)));
    startup.onError = failed;
    startup.onExit = (code) => failed(workerGone(new Error(`exit code ${code}`)));
    worker.once('message', startup.onMessage).once('error', startup.onError).once('exit', startup.onExit);
  })
    .catch(async (error: unknown) => {
      await worker.terminate();
      release();
      throw error;
    })
    .finally(() => worker.off('message', startup.onMessage!).off('error', startup.onError!).off('exit', startup.onExit!));
  // Like the database in this thread, an idle ledger does not keep the process alive: the
  // thread counts only while something waits on it.
  const requests = new WorkerRequests(worker);
  const liveness = new DatabaseLiveness();
  worker.on('message', (m: WorkerReply) => {
    liveness.answered();
    requests.answer(m);
  });
  worker.on('error', (error) => requests.end(workerGone(error)));
  worker.on('exit', (code) => requests.end(workerGone(new Error(`exit code ${code}`))));

  // Transactions begun and not yet ended: while closing, the only work still admitted (their statements and end).
  const underWay = new Set<number>();
  let closing: Promise<void> | undefined;
  const admitted = (request: WorkerAsk): boolean =>
    !closing || ((request.op === 'query' || request.op === 'end') && request.tx !== undefined && underWay.has(request.tx));
  const ask = <T>(request: WorkerAsk): Promise<T> => (admitted(request) ? requests.send<T>(request) : Promise.reject(new DatabaseClosedError()));
  const executor = (tx?: number): SqlExecutor => ({
    query: <Row extends SqlRow>(sql: string, params?: readonly unknown[]) =>
      ask<Row[]>({ op: 'query', sql, ...(params === undefined ? {} : { params }), ...(tx === undefined ? {} : { tx }) }),
  });
  const end = (tx: number, commit: boolean): Promise<unknown> => {
    const ended = ask({ op: 'end', tx, commit });
    underWay.delete(tx);
    return ended;
  };

  const closeThread = async (): Promise<void> => {
    const late = new DatabaseClosedError(`the embedded database did not close within ${closeWaitMs + THREAD_CLOSE_MARGIN_MS} ms: its thread was ended`);
    // Past the bound every request, this close too, is refused: close() settles whatever the thread does.
    const bound = setTimeout(() => requests.end(late), closeWaitMs + THREAD_CLOSE_MARGIN_MS);
    let failure: unknown;
    try {
      await requests.send({ op: 'close', rollbackAfterMs: closeWaitMs });
    } catch (error) {
      // A thread that ended first left no PGlite to close; one that failed to close, or was too late, is said.
      if (requests.ended === undefined || requests.ended === late) failure = error;
    }
    clearTimeout(bound);
    // Whatever still waits on the thread is refused. No answer can unreference the thread once the
    // requests ended, so terminate() keeps the process alive until the thread is gone; close()
    // does not wait for that when PGlite closed (awaiting it once held close() for good).
    requests.end(new DatabaseClosedError());
    if (failure === late) await worker.terminate();
    else void worker.terminate().catch(() => {});
    release();
    if (failure !== undefined) throw failure;
  };

  const database: SqlDatabase = {
    kind: 'pglite',
    query: executor().query,
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const tx = await ask<number>({ op: 'begin' });
      underWay.add(tx);
      let value: T;
      try {
        value = await work(executor(tx));
      } catch (error) {
        await end(tx, false).catch(() => {});
        throw error;
      }
      await end(tx, true);
      return value;
    },
    async exec(sql: string) {
      await ask({ op: 'exec', sql });
    },
    // Up if the thread answered anything lately, else if it answers a ping in time (see
    // DatabaseLiveness): health does not wait behind the statement the thread is running.
    async ping() {
      // A dead thread or a closed database is refused at once, however lately it answered.
      if (requests.ended) throw requests.ended;
      if (closing) throw new DatabaseClosedError();
      await liveness.check(() => ask<void>({ op: 'ping' }));
    },
    close() {
      closing ??= closeThread();
      return closing;
    },
  };
  return { database, worker };
}

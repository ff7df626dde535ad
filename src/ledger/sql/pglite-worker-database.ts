import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DatabaseLiveness } from './database-liveness.js';
import { deserializeError, type SerializedError, type WorkerReply, type WorkerRequest } from './pglite-worker-messages.js';
import type { SqlDatabase, SqlExecutor, SqlRow } from './sql-database.js';

// Distributive, so each request keeps its own fields without its id.
type Ask = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

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
}

// This module's URL: the ESM build and the sources have import.meta; the CommonJS build has __filename.
function moduleUrl(): string {
  return typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
}

/**
 * Starts the worker: the built `pglite-worker.js` beside this module (or in `ledger/` beside
 * a shared chunk), else the TypeScript source, run through tsx's loader (tests and benches
 * run the sources; tsx is a dev dependency).
 */
function spawnWorker(workerData: PgliteWorkerOptions): Worker {
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
 * If the worker dies, every request waiting on it, and every later one, fails with a
 * connection failure (the ledger answers `503 storage_unavailable`), never hangs. `close()`
 * closes PGlite, ends the thread and then calls `release`.
 */
export async function startPgliteWorker(options: PgliteWorkerOptions = {}, release: () => void = () => {}): Promise<PgliteWorker> {
  const worker = spawnWorker(options);
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  let gone: Error | undefined;
  let nextId = 1;
  const stop = (cause: unknown) => {
    gone ??= workerGone(cause);
    for (const { reject } of pending.values()) reject(gone);
    pending.clear();
  };
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
  worker.unref();
  const liveness = new DatabaseLiveness();
  worker.on('message', (m: WorkerReply) => {
    liveness.answered();
    const waiting = pending.get(m.id);
    pending.delete(m.id);
    if (pending.size === 0) worker.unref();
    if (m.ok) waiting?.resolve(m.value);
    else waiting?.reject(deserializeError(m.error));
  });
  worker.on('error', stop);
  worker.on('exit', (code) => stop(new Error(`exit code ${code}`)));

  const ask = <T>(request: Ask): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (gone) return reject(gone);
      const id = nextId++;
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  const executor = (tx?: number): SqlExecutor => ({
    query: <Row extends SqlRow>(sql: string, params?: readonly unknown[]) =>
      ask<Row[]>({ op: 'query', sql, ...(params === undefined ? {} : { params }), ...(tx === undefined ? {} : { tx }) }),
  });
  let closing: Promise<void> | undefined;
  const database: SqlDatabase = {
    kind: 'pglite',
    query: executor().query,
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const tx = await ask<number>({ op: 'begin' });
      let value: T;
      try {
        value = await work(executor(tx));
      } catch (error) {
        await ask({ op: 'end', tx, commit: false }).catch(() => {});
        throw error;
      }
      await ask({ op: 'end', tx, commit: true });
      return value;
    },
    async exec(sql: string) {
      await ask({ op: 'exec', sql });
    },
    // Up if the thread answered anything lately, else if it answers a ping in time (see
    // DatabaseLiveness): health does not wait behind the statement the thread is running.
    async ping() {
      if (gone) throw gone;
      await liveness.check(() => ask<void>({ op: 'ping' }));
    },
    close() {
      closing ??= (async () => {
        try {
          if (!gone) await ask({ op: 'close' });
        } finally {
          // PGlite is closed (or the thread is gone): whatever still waits on the thread is
          // refused, and the thread is ended without waiting for it. Awaiting terminate() could
          // hold close() for good while the thread sat on a request it will never answer, and
          // a process with nothing else to do then ended in silence before close() resolved.
          stop(new Error('closed'));
          void worker.terminate().catch(() => {});
          release();
        }
      })();
      return closing;
    },
  };
  return { database, worker };
}

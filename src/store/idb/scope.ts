import { request } from './request.js';
import { finishedTransaction, storageError } from './storage-error.js';

/** The two modes a caller asks for; a schema upgrade's transaction covers both. */
export type AccessMode = 'readonly' | 'readwrite';

/**
 * Where a table's operations run: the database itself (each call in a short transaction of
 * its own) or a running transaction (`Scope`), which they join.
 */
export interface Source {
  /** Runs `work` in a transaction over `stores` that allows `mode`. */
  within<R>(stores: readonly string[], mode: AccessMode, work: (scope: Scope) => Promise<R>): Promise<R>;
}

const isInactive = (error: unknown) =>
  error instanceof Error && (error.name === 'TransactionInactiveError' || error.name === 'InvalidStateError');

/**
 * A running IndexedDB transaction as the tables reach it. IndexedDB commits a transaction as
 * soon as its callback awaits anything that is not one of its requests; a request made after
 * that throws `finishedTransaction` (a typed `storage` error), never a write lost in silence.
 */
export class Scope implements Source {
  readonly tx: IDBTransaction;
  /** Resolves when the transaction commits; rejects with its error when it aborts. */
  readonly settled: Promise<void>;
  #finished = false;

  constructor(tx: IDBTransaction) {
    this.tx = tx;
    this.settled = new Promise((resolve, reject) => {
      tx.oncomplete = () => {
        this.#finished = true;
        resolve();
      };
      tx.onabort = () => {
        this.#finished = true;
        reject(tx.error ?? storageError('the local transaction was aborted', undefined, 'aborted'));
      };
    });
    this.settled.catch(() => {});
  }

  /**
   * A nested transaction joins this one: it must name only stores this one covers, and may
   * write only if this one may. It commits with this one.
   */
  async within<R>(
    stores: readonly string[],
    mode: AccessMode,
    work: (scope: Scope) => Promise<R>,
  ): Promise<R> {
    if (this.#finished) throw finishedTransaction();
    const missing = stores.find((s) => !this.tx.objectStoreNames.contains(s));
    if (missing !== undefined)
      throw storageError(
        `table ${missing} is not in this transaction: name it where the transaction starts`,
        undefined,
        'not_in_transaction',
      );
    if (mode === 'readwrite' && this.tx.mode === 'readonly')
      throw storageError('a read-only transaction cannot write', undefined, 'read_only');
    return work(this);
  }

  /** Makes a request on `store` (see the class comment for a transaction that already ended). */
  open<T extends IDBRequest>(store: string, make: (s: IDBObjectStore) => T): T {
    if (this.#finished) throw finishedTransaction();
    try {
      return make(this.tx.objectStore(store));
    } catch (error) {
      throw isInactive(error) ? finishedTransaction(error) : error;
    }
  }

  /** `open`, answering the request's result. */
  request<T>(store: string, make: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    return request(this.open(store, make));
  }

  /** Aborts, unless the transaction has already ended. */
  abort(): void {
    if (this.#finished) return;
    try {
      this.tx.abort();
    } catch {
      // it ended meanwhile
    }
  }
}

/**
 * Runs `work` in a new transaction on `db` and answers its result once the transaction has
 * committed (a write) or its reads are answered (read-only). When `work` throws, the
 * transaction is aborted (nothing it wrote stays) and the error is passed on.
 */
export async function runTransaction<R>(
  db: IDBDatabase,
  stores: readonly string[],
  mode: AccessMode,
  work: (scope: Scope) => Promise<R>,
): Promise<R> {
  let scope: Scope;
  try {
    scope = new Scope(db.transaction(stores as string[], mode));
  } catch (cause) {
    throw storageError(
      'a local transaction could not be started',
      cause,
      isInactive(cause) ? 'closed' : undefined,
    );
  }
  try {
    const value = await work(scope);
    if (mode === 'readwrite') await scope.settled;
    return value;
  } catch (error) {
    scope.abort();
    throw error;
  }
}

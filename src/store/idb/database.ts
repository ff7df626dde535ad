import { openDatabase, type SchemaStep } from './open-database.js';
import { parseStores } from './schema.js';
import { runTransaction, type AccessMode, type Scope, type Source } from './scope.js';
import { storageError } from './storage-error.js';
import type { KeyTools } from './table.js';
import { tablesOver, type TableMap, type Tables } from './tables.js';

/** One version of a schema as declared: Dexie's store syntax, and the change its rows need. */
export interface SchemaVersion<H> {
  readonly version: number;
  readonly stores: Readonly<Record<string, string>>;
  /** Changes existing rows; `tx` covers every store; await only calls on it. */
  readonly upgrade?: (tx: H) => Promise<void>;
}

/** The IndexedDB implementation to use; the platform's by default (fake-indexeddb in Node tests). */
export interface IdbOptions {
  readonly indexedDB?: IDBFactory | undefined;
  readonly IDBKeyRange?: typeof IDBKeyRange | undefined;
}

/**
 * A database over IndexedDB, declared as data (its schema versions) and opened on first use.
 * Its tables are properties of the instance (`db.members`). When another tab opens a newer
 * version it closes its connection at once and opens again on its next call, so neither tab
 * blocks the other; `close()` ends it until `open()` is called again.
 */
export class IdbDatabase<M extends TableMap> implements Source {
  readonly name: string;
  readonly #factory: IDBFactory;
  readonly #steps: readonly SchemaStep[];
  readonly #keys: KeyTools;
  readonly #onOpen: ((tables: Tables<M>) => Promise<void>)[] = [];
  #connection: Promise<IDBDatabase> | undefined;
  #closed = false;

  constructor(name: string, versions: readonly SchemaVersion<Tables<M>>[], options: IdbOptions = {}) {
    this.name = name;
    this.#factory = options.indexedDB ?? globalThis.indexedDB;
    this.#keys = { keyRange: options.IDBKeyRange ?? globalThis.IDBKeyRange, cmp: (a, b) => this.#factory.cmp(a, b) };
    this.#steps = versions.map((v) => {
      const schema = parseStores(v.stores);
      const upgrade = v.upgrade;
      return {
        version: v.version,
        schema,
        upgrade: upgrade && ((scope: Scope) => upgrade(tablesOver<M>(scope, schema, this.#keys))),
      };
    });
    Object.assign(this, tablesOver<M>(this, this.#steps[this.#steps.length - 1]!.schema, this.#keys));
  }

  /**
   * Runs `hook` each time the database opens, before any other call: calls made meanwhile
   * wait for it. A hook that fails fails the opening.
   */
  onOpen(hook: (tables: Tables<M>) => Promise<void>): void {
    this.#onOpen.push(hook);
  }

  /** Opens now (calls open it anyway); rejects with a `storage` error when it cannot. */
  async open(): Promise<void> {
    this.#closed = false;
    await this.#connect();
  }

  /** Closes the connection; calls then fail with a `storage` error until `open()`. */
  close(): void {
    this.#closed = true;
    const connection = this.#connection;
    this.#connection = undefined;
    connection?.then(
      (db) => db.close(),
      () => {},
    );
  }

  /** See `Tables.transaction`. */
  declare transaction: Tables<M>['transaction'];

  /** {@inheritDoc Source.within} */
  async within<R>(
    stores: readonly string[],
    mode: AccessMode,
    work: (scope: Scope) => Promise<R>,
  ): Promise<R> {
    return runTransaction(await this.#connect(), stores, mode, work);
  }

  #connect(): Promise<IDBDatabase> {
    if (this.#closed)
      return Promise.reject(storageError('the local database is closed', undefined, 'closed'));
    const connection = (this.#connection ??= this.#openNow());
    // A failed opening is not kept: the next call tries again.
    connection.catch(() => {
      if (this.#connection === connection) this.#connection = undefined;
    });
    return connection;
  }

  async #openNow(): Promise<IDBDatabase> {
    const db = await openDatabase(this.#factory, this.name, this.#steps);
    const lost = () => {
      db.close();
      if (this.#connection === opened) this.#connection = undefined;
    };
    // Another tab upgrades: let it, and open again (at its version) on the next call.
    db.onversionchange = lost;
    // The browser closed it (storage cleared, disk gone): open again on the next call.
    db.onclose = lost;
    const opened = this.#connection;
    try {
      const tables = tablesOver<M>(
        { within: (stores, mode, work) => runTransaction(db, stores, mode, work) },
        this.#steps[this.#steps.length - 1]!.schema,
        this.#keys,
      );
      for (const hook of this.#onOpen) await hook(tables);
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  }
}

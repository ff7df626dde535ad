import { Collection, type Query, type Reach } from './collection.js';
import type { StoreSchema } from './schema.js';
import type { AccessMode, Scope, Source } from './scope.js';

/** What a table needs from the IndexedDB implementation in use (injectable: fake-indexeddb in Node). */
export interface KeyTools {
  readonly keyRange: typeof IDBKeyRange;
  /** Orders two keys as IndexedDB does. */
  readonly cmp: (a: unknown, b: unknown) => number;
}

/** Narrows a table by one of its keys: `table.where('[state+seq]').between([...], [...])`. */
export interface WhereClause<T, K extends IDBValidKey> {
  /** Rows whose key equals `key`. */
  equals(key: IDBValidKey): Collection<T, K>;
  /** Rows whose key lies between `lower` (included by default) and `upper` (excluded by default), as in Dexie. */
  between(
    lower: IDBValidKey,
    upper: IDBValidKey,
    includeLower?: boolean,
    includeUpper?: boolean,
  ): Collection<T, K>;
  /** Rows whose key is any of `keys` (an array, or the keys as arguments), in key order. */
  anyOf(...keys: IDBValidKey[] | [readonly IDBValidKey[]]): Collection<T, K>;
}

/**
 * One object store: the subset of Dexie's `Table` the SDK uses, with the same names. Outside
 * a transaction each call runs in a short transaction of its own; on a transaction's handle
 * it joins that transaction.
 */
export class Table<T, K extends IDBValidKey> {
  readonly name: string;
  readonly #source: Source;
  readonly #schema: StoreSchema;
  readonly #keys: KeyTools;

  constructor(name: string, source: Source, schema: StoreSchema, keys: KeyTools) {
    this.name = name;
    this.#source = source;
    this.#schema = schema;
    this.#keys = keys;
  }

  /** The row with primary key `key`, or undefined. */
  get(key: K): Promise<T | undefined> {
    return this.#run('readonly', (s) => s.request(this.name, (o) => o.get(key)));
  }

  /** The rows with these primary keys, in the same order (undefined where none). */
  bulkGet(keys: readonly K[]): Promise<(T | undefined)[]> {
    return this.#run('readonly', (s) =>
      Promise.all(keys.map((key) => s.request(this.name, (o) => o.get(key)))),
    );
  }

  /** Writes `row` (replacing one with the same key); answers its key. */
  put(row: T): Promise<K> {
    return this.#run('readwrite', (s) => s.request(this.name, (o) => o.put(row)) as Promise<K>);
  }

  /** Adds `row`; fails (a `ConstraintError`) when its key or a unique index is taken. Answers its key. */
  add(row: T): Promise<K> {
    return this.#run('readwrite', (s) => s.request(this.name, (o) => o.add(row)) as Promise<K>);
  }

  /** Adds every row in one transaction; answers their keys. */
  bulkAdd(rows: readonly T[]): Promise<K[]> {
    return this.#run('readwrite', (s) =>
      Promise.all(rows.map((row) => s.request(this.name, (o) => o.add(row)) as Promise<K>)),
    );
  }

  /** Writes every row in one transaction; answers their keys. */
  bulkPut(rows: readonly T[]): Promise<K[]> {
    return this.#run('readwrite', (s) =>
      Promise.all(rows.map((row) => s.request(this.name, (o) => o.put(row)) as Promise<K>)),
    );
  }

  /** Sets `changes` on the row with key `key`: answers 1, or 0 when there is no such row. */
  update(key: K, changes: Partial<T>): Promise<0 | 1> {
    return this.#run('readwrite', async (s) => {
      const row = await s.request<T | undefined>(this.name, (o) => o.get(key));
      if (row === undefined) return 0;
      await s.request(this.name, (o) => o.put({ ...row, ...changes }));
      return 1;
    });
  }

  /** Deletes the row with key `key` (nothing when there is none). */
  delete(key: K): Promise<void> {
    return this.#run('readwrite', (s) => s.request(this.name, (o) => o.delete(key)));
  }

  /** Deletes the rows with these keys in one transaction. */
  bulkDelete(keys: readonly K[]): Promise<void> {
    return this.#run(
      'readwrite',
      async (s) => void (await Promise.all(keys.map((key) => s.request(this.name, (o) => o.delete(key))))),
    );
  }

  /** How many rows. */
  count(): Promise<number> {
    return this.toCollection().count();
  }

  /** Every row, by primary key. */
  toArray(): Promise<T[]> {
    return this.toCollection().toArray();
  }

  /** Every row, by primary key, as a collection to narrow. */
  toCollection(): Collection<T, K> {
    return new Collection(this.#reach(null), [undefined]);
  }

  /** The rows for which `test` is true, by primary key. */
  filter(test: (row: T) => boolean): Collection<T, K> {
    return this.toCollection().filter(test);
  }

  /** Every row, in the order of `index`. */
  orderBy(index: string): Collection<T, K> {
    return new Collection(this.#reach(index), [undefined]);
  }

  /** Narrows by `index` (an index's name as declared, or the primary key's). */
  where(index: string): WhereClause<T, K> {
    const reach = this.#reach(index);
    const { keyRange, cmp } = this.#keys;
    return {
      equals: (key) => new Collection(reach, [key]),
      between: (lower, upper, includeLower = true, includeUpper = false) =>
        new Collection(reach, [keyRange.bound(lower, upper, !includeLower, !includeUpper)]),
      anyOf: (...keys) => {
        // One array argument is the list of keys, as in Dexie.
        const list = (keys.length === 1 && Array.isArray(keys[0]) ? keys[0] : keys) as IDBValidKey[];
        const sorted = [...list].sort(cmp).filter((k, i, all) => i === 0 || cmp(all[i - 1], k) !== 0);
        return new Collection<T, K>(reach, sorted as Query[]);
      },
    };
  }

  #reach(index: string | null): Reach {
    return { source: this.#source, store: this.name, index: index === this.#schema.keyPath ? null : index };
  }

  #run<R>(mode: AccessMode, work: (scope: Scope) => Promise<R>): Promise<R> {
    return this.#source.within([this.name], mode, work);
  }
}

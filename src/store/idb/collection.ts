import { request } from './request.js';
import type { AccessMode, Scope, Source } from './scope.js';

/** What a collection reads: a store (by its primary key) or one of its indexes. */
export interface Reach {
  readonly source: Source;
  readonly store: string;
  /** The index, or null for the primary key. */
  readonly index: string | null;
}

/** A key or a key range to read; `undefined` reads everything. */
export type Query = IDBValidKey | IDBKeyRange | undefined;

type Step<T> = { readonly stop: boolean; readonly test: (row: T) => boolean };

/**
 * Rows of one table in the order of a key (the primary key or an index), narrowed by key
 * ranges, filters, `until` and `limit`, read or changed in one transaction. The subset of
 * Dexie's `Collection` the SDK uses, with the same names; the builder methods change this
 * collection and answer it, as Dexie's do.
 */
export class Collection<T, K extends IDBValidKey> {
  readonly #reach: Reach;
  readonly #queries: readonly Query[];
  #steps: Step<T>[] = [];
  #limit = Infinity;
  #reverse = false;

  constructor(reach: Reach, queries: readonly Query[]) {
    this.#reach = reach;
    this.#queries = queries;
  }

  /** Keeps only rows for which `test` is true. */
  filter(test: (row: T) => boolean): this {
    this.#steps.push({ stop: false, test });
    return this;
  }

  /** Stops at the first row for which `test` is true (that row is not included). */
  until(test: (row: T) => boolean): this {
    this.#steps.push({ stop: true, test });
    return this;
  }

  /** At most `n` rows. */
  limit(n: number): this {
    this.#limit = n;
    return this;
  }

  /** Walks the key in descending order. */
  reverse(): this {
    this.#reverse = !this.#reverse;
    return this;
  }

  /** The rows. */
  toArray(): Promise<T[]> {
    return this.#run('readonly', async (scope) => {
      if (this.#steps.length > 0 || this.#reverse)
        return this.#walk(scope, true, (c) => (c as IDBCursorWithValue).value as T);
      const rows: T[] = [];
      for (const q of this.#queries) {
        const left = this.#limit - rows.length;
        if (left <= 0) break;
        rows.push(
          ...(await request<T[]>(this.#on(scope, (s) => s.getAll(q, left === Infinity ? undefined : left)))),
        );
      }
      return rows;
    });
  }

  /** The first row, or undefined. */
  async first(): Promise<T | undefined> {
    return (await this.limit(1).toArray())[0];
  }

  /** How many rows. */
  count(): Promise<number> {
    return this.#run('readonly', async (scope) => {
      if (this.#steps.length > 0 || this.#limit !== Infinity)
        return (await this.#walk(scope, true, () => 0)).length;
      let n = 0;
      for (const q of this.#queries) n += await request(this.#on(scope, (s) => s.count(q)));
      return n;
    });
  }

  /** The rows' primary keys. */
  primaryKeys(): Promise<K[]> {
    return this.#run('readonly', async (scope) => {
      if (this.#steps.length > 0 || this.#reverse || this.#queries.length !== 1 || this.#limit !== Infinity) {
        return this.#walk(scope, this.#steps.length > 0, (c) => c.primaryKey as K);
      }
      return request(this.#on(scope, (s) => s.getAllKeys(this.#queries[0]))) as Promise<K[]>;
    });
  }

  /**
   * Changes every row in one read-write transaction: `change` edits the row in place, or is
   * an object of fields to set. Answers how many rows were written.
   */
  modify(change: ((row: T) => void) | Partial<T>): Promise<number> {
    return this.#run('readwrite', async (scope) => {
      const edit =
        typeof change === 'function' ? change : (row: T) => void Object.assign(row as object, change);
      const writes: Promise<unknown>[] = [];
      await this.#walk(scope, true, (c) => {
        const row = (c as IDBCursorWithValue).value as T;
        edit(row);
        writes.push(request((c as IDBCursorWithValue).update(row)));
      });
      await Promise.all(writes);
      return writes.length;
    });
  }

  /** Deletes every row in one read-write transaction; answers how many. */
  delete(): Promise<number> {
    return this.#run('readwrite', async (scope) => {
      const deletes: Promise<unknown>[] = [];
      await this.#walk(scope, true, (c) => void deletes.push(request(c.delete())));
      await Promise.all(deletes);
      return deletes.length;
    });
  }

  #run<R>(mode: AccessMode, work: (scope: Scope) => Promise<R>): Promise<R> {
    return this.#reach.source.within([this.#reach.store], mode, work);
  }

  #on<R extends IDBRequest>(scope: Scope, make: (s: IDBObjectStore | IDBIndex) => R): R {
    const { store, index } = this.#reach;
    return scope.open(store, (s) => make(index === null ? s : s.index(index)));
  }

  // One cursor per query, in key order (reversed when asked): applies the steps and the limit.
  async #walk<R>(scope: Scope, values: boolean, take: (cursor: IDBCursor) => R): Promise<R[]> {
    const taken: R[] = [];
    const queries = this.#reverse ? [...this.#queries].reverse() : this.#queries;
    const direction = this.#reverse ? 'prev' : 'next';
    let stopped = false;
    for (const q of queries) {
      if (stopped || taken.length >= this.#limit) break;
      await new Promise<void>((resolve, reject) => {
        const r = this.#on(scope, (s) =>
          values ? s.openCursor(q, direction) : s.openKeyCursor(q, direction),
        );
        r.onerror = () => reject(r.error);
        r.onsuccess = () => {
          const cursor = r.result;
          if (!cursor) return resolve();
          const verdict = this.#verdict(values ? ((cursor as IDBCursorWithValue).value as T) : undefined);
          if (verdict === 'stop') stopped = true;
          else if (verdict === 'take') taken.push(take(cursor));
          if (stopped || taken.length >= this.#limit) resolve();
          else cursor.continue();
        };
      });
    }
    return taken;
  }

  #verdict(row: T | undefined): 'take' | 'skip' | 'stop' {
    for (const step of this.#steps) {
      const hit = step.test(row as T);
      if (step.stop && hit) return 'stop';
      if (!step.stop && !hit) return 'skip';
    }
    return 'take';
  }
}

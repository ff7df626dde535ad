import type { DatabaseSchema } from './schema.js';
import { Scope, type Source } from './scope.js';
import { Table, type KeyTools } from './table.js';

// Any row and key type: a map's tables differ.
type AnyTable = Table<any, any>;

/** A database's tables by name. */
export type TableMap = { readonly [name: string]: AnyTable };

/** `'r'` reads, `'rw'` reads and writes (Dexie's names). */
export type TransactionMode = 'r' | 'rw';

/**
 * A database's tables, outside a transaction (each call its own short transaction) or inside
 * one (every call joins it): the same shape, so a helper taking one takes the other.
 */
export type Tables<M extends TableMap> = M & {
  /**
   * Runs `body` in ONE transaction over `tables`, handing it `tx`, whose tables join that
   * transaction. It commits when `body`'s promise resolves and aborts (nothing written stays)
   * when it rejects. `body` must await only calls on `tx`: IndexedDB commits a transaction as
   * soon as it waits for anything else, and a later call then throws a `storage` error.
   * Called on a transaction's `tx`, it joins that transaction (its tables must be among the
   * outer one's, and a read-only one cannot write): nothing commits until the outer one does.
   */
  transaction<R>(
    mode: TransactionMode,
    tables: (keyof M & string) | readonly (keyof M & string)[],
    body: (tx: Tables<M>) => Promise<R>,
  ): Promise<R>;
};

/** The tables of `schema`, each running its calls on `source`. */
export function tablesOver<M extends TableMap>(
  source: Source,
  schema: DatabaseSchema,
  keys: KeyTools,
): Tables<M> {
  const handle = {
    transaction<R>(
      mode: TransactionMode,
      tables: string | readonly string[],
      body: (tx: Tables<M>) => Promise<R>,
    ): Promise<R> {
      const names = typeof tables === 'string' ? [tables] : tables;
      const joined = source instanceof Scope;
      return source.within(names, mode === 'rw' ? 'readwrite' : 'readonly', (scope) =>
        body(joined ? result : tablesOver<M>(scope, schema, keys)),
      );
    },
  } as Record<string, unknown>;
  for (const [name, store] of Object.entries(schema)) handle[name] = new Table(name, source, store, keys);
  const result = handle as Tables<M>;
  return result;
}

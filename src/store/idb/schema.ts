/** One index of an object store, as Dexie's store syntax declares it. */
export interface IndexSchema {
  /** The index's name: the field, or `[a+b]` for a compound index (Dexie's names, kept for databases it made). */
  readonly name: string;
  readonly keyPath: string | string[];
  readonly unique: boolean;
  readonly multiEntry: boolean;
}

/** One object store: its primary key and its indexes. */
export interface StoreSchema {
  readonly keyPath: string;
  readonly autoIncrement: boolean;
  readonly indexes: readonly IndexSchema[];
}

/** Stores by name, as one schema version declares them. */
export type DatabaseSchema = Readonly<Record<string, StoreSchema>>;

function keyPathOf(spec: string): string | string[] {
  return spec.startsWith('[') ? spec.slice(1, -1).split('+') : spec;
}

/**
 * Parses Dexie's store syntax (`'++seq, &intentId, [state+seq]'`): the first entry is the
 * primary key (`++` auto-increment), the others are indexes (`&` unique, `*` multi-entry,
 * `[a+b]` compound). Names are kept exactly as Dexie gave them, so a database Dexie made opens
 * as it is.
 */
export function parseStores(stores: Readonly<Record<string, string>>): DatabaseSchema {
  const parsed: Record<string, StoreSchema> = {};
  for (const [name, spec] of Object.entries(stores)) {
    const [primary = '', ...rest] = spec.split(',').map((s) => s.trim());
    const indexes = rest.filter(Boolean).map((entry): IndexSchema => {
      const bare = entry.replace(/^[&*]+/, '');
      return {
        name: bare,
        keyPath: keyPathOf(bare),
        unique: entry.includes('&'),
        multiEntry: entry.includes('*'),
      };
    });
    const autoIncrement = primary.startsWith('++');
    parsed[name] = { keyPath: primary.replace(/^\+\+/, ''), autoIncrement, indexes };
  }
  return parsed;
}

const samePath = (a: string | string[], b: string | string[] | null) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * Makes the database's stores and indexes match `schema` inside a `versionchange`
 * transaction: creates what is missing, drops indexes no longer declared, rebuilds an index
 * whose definition changed. Stores not named are kept (Dexie kept them too).
 */
export function applySchema(db: IDBDatabase, tx: IDBTransaction, schema: DatabaseSchema): void {
  for (const [name, want] of Object.entries(schema)) {
    const store = db.objectStoreNames.contains(name)
      ? tx.objectStore(name)
      : db.createObjectStore(name, { keyPath: want.keyPath, autoIncrement: want.autoIncrement });
    for (const existing of [...store.indexNames]) {
      const declared = want.indexes.find((i) => i.name === existing);
      const index = store.index(existing);
      if (!declared || !samePath(declared.keyPath, index.keyPath) || declared.unique !== index.unique)
        store.deleteIndex(existing);
    }
    for (const index of want.indexes) {
      if (!store.indexNames.contains(index.name))
        store.createIndex(index.name, index.keyPath, { unique: index.unique, multiEntry: index.multiEntry });
    }
  }
}

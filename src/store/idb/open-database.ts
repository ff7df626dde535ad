import { applySchema, type DatabaseSchema } from './schema.js';
import { Scope } from './scope.js';
import { storageError } from './storage-error.js';

/** One version of a database's schema, parsed, with the change its rows need (if any). */
export interface SchemaStep {
  readonly version: number;
  readonly schema: DatabaseSchema;
  /** Changes existing rows after the version's stores and indexes exist; awaits only IndexedDB calls on `scope`. */
  readonly upgrade?: ((scope: Scope) => Promise<void>) | undefined;
}

/**
 * IndexedDB's version for schema version `v`: Dexie's (`v × 10`), so a database Dexie made
 * opens where it stands and takes only the upgrades it has not had.
 */
export const nativeVersion = (v: number) => Math.round(v * 10);

/**
 * Opens `name` at the newest of `steps`. A new database gets the newest schema at once; an
 * older one (Dexie's or ours) goes through every later step in order, stores and indexes
 * first, then that step's row changes, all in the one upgrade transaction (a failing step
 * leaves the database as it was). While another connection holds an older version open the
 * request waits (`blocked`): every connection of this layer, and Dexie's, closes when asked.
 */
export function openDatabase(
  factory: IDBFactory,
  name: string,
  steps: readonly SchemaStep[],
): Promise<IDBDatabase> {
  const newest = steps[steps.length - 1]!;
  return new Promise((resolve, reject) => {
    let failed: unknown;
    let r: IDBOpenDBRequest;
    try {
      r = factory.open(name, nativeVersion(newest.version));
    } catch (cause) {
      reject(storageError('the local database could not be opened', cause));
      return;
    }
    r.onupgradeneeded = (event) => {
      const db = r.result;
      const scope = new Scope(r.transaction!);
      const from = event.oldVersion;
      const upgrade = async () => {
        if (from === 0) return applySchema(db, scope.tx, newest.schema);
        for (const step of steps) {
          if (nativeVersion(step.version) <= from) continue;
          applySchema(db, scope.tx, step.schema);
          await step.upgrade?.(scope);
        }
      };
      upgrade().catch((error: unknown) => {
        failed = error;
        scope.abort();
      });
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = (event) => {
      if (failed === undefined && r.error?.name === 'VersionError') {
        // A newer SDK in another tab upgraded it: work on at its version if it still has all we use.
        event.preventDefault();
        resolve(openNewer(factory, name, newest.schema));
      } else
        reject(
          storageError(
            'the local database could not be opened',
            failed ?? r.error,
            failed === undefined ? undefined : 'upgrade_failed',
          ),
        );
    };
  });
}

// Opens at whatever version the database has; fails unless every store and index of `schema` is there.
async function openNewer(factory: IDBFactory, name: string, schema: DatabaseSchema): Promise<IDBDatabase> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = factory.open(name);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(storageError('the local database could not be opened', r.error));
  });
  const stores = Object.keys(schema);
  const missing = stores.filter((s) => !db.objectStoreNames.contains(s));
  if (missing.length === 0) {
    const tx = db.transaction(stores, 'readonly');
    for (const s of stores)
      for (const index of schema[s]!.indexes)
        if (!tx.objectStore(s).indexNames.contains(index.name)) missing.push(`${s}.${index.name}`);
  }
  if (missing.length === 0) return db;
  db.close();
  throw storageError(
    `the local database was changed by a newer version of the SDK and lacks ${missing.join(', ')}: reload this page`,
    undefined,
    'newer_schema',
  );
}

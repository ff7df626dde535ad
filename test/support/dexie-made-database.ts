import Dexie, { type Table } from 'dexie';
import { IDBKeyRange } from 'fake-indexeddb';
import type { HoldRecord } from '../../src/store/hold-record.js';
import type { IntentRecord, MemberRecord, MetaRecord } from '../../src/store/records.js';
import { LOCAL_SCHEMA_VERSIONS } from '../../src/store/terminal-database.js';

/** A till's database as SDK 0.1 kept it, through Dexie. */
export type DexieMadeDatabase = Dexie & {
  members: Table<MemberRecord, string>;
  intents: Table<IntentRecord, number>;
  meta: Table<MetaRecord, string>;
  holds: Table<HoldRecord, string>;
};

// The row changes of versions 2 and 3 exactly as the released SDK declared them for Dexie.
const RELEASED_UPGRADES: Record<number, (tx: import('dexie').Transaction) => Promise<unknown>> = {
  2: (tx) =>
    tx
      .table('intents')
      .toCollection()
      .modify((intent: Partial<IntentRecord>) => {
        intent.reversedPoints ??= 0;
        intent.settledAt ??= null;
      }),
  3: (tx) =>
    tx
      .table('members')
      .toCollection()
      .modify((member: Partial<MemberRecord>) => {
        member.usedAt ??= member.asOf ?? 0;
      }),
};

/**
 * Opens `name` with Dexie itself at local schema version `upTo`, as the released SDK did
 * (same store syntax, same upgrades, Dexie's IndexedDB version `upTo × 10`): a till's database
 * in the field, to fill with rows as that version wrote them.
 */
export async function dexieMadeDatabase(name: string, factory: IDBFactory, upTo: number): Promise<DexieMadeDatabase> {
  const db = new Dexie(name, { indexedDB: factory, IDBKeyRange }) as DexieMadeDatabase;
  for (const step of LOCAL_SCHEMA_VERSIONS) {
    if (step.version > upTo) break;
    const v = db.version(step.version).stores(step.stores);
    const upgrade = RELEASED_UPGRADES[step.version];
    if (upgrade) v.upgrade(upgrade);
  }
  await db.open();
  return db;
}

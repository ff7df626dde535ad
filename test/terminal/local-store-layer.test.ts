import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createTerminal } from '../../src/index.js';
import { MAX_KEY, MIN_KEY } from '../../src/store/idb/keys.js';
import type { IntentRecord, MemberRecord } from '../../src/store/records.js';
import { LOCAL_SCHEMA_VERSION, TerminalConnection, type TerminalDatabase } from '../../src/store/terminal-database.js';
import { dexieMadeDatabase } from '../support/dexie-made-database.js';

const NAME = 'tillpoints-store-1-till-1';
const open = (factory: IDBFactory) => new TerminalConnection(NAME, { indexedDB: factory, IDBKeyRange });

// What IndexedDB holds: every store with its key and indexes, and the native version.
async function structureOf(factory: IDBFactory, name: string) {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = factory.open(name);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const stores = [...db.objectStoreNames];
  const tx = db.transaction(stores, 'readonly');
  const shape = stores.map((s) => {
    const store = tx.objectStore(s);
    const indexes = [...store.indexNames].map((i) => ({ name: i, keyPath: store.index(i).keyPath, unique: store.index(i).unique }));
    return { store: s, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes };
  });
  const version = db.version;
  db.close();
  return { version, shape };
}

const intent = (i: number, fields: Partial<IntentRecord>) =>
  ({
    intentId: `01JD${String(i).padStart(22, '0')}`, kind: 'accrue', memberId: `m${i % 3}`, state: 'pending', createdAt: 1_000 + i,
    occurredAt: new Date(1_000 + i).toISOString(), points: i, credit: i, debit: 0, sentAt: null, attempts: 0, settledAt: null, reversedPoints: 0,
    ...fields,
  }) as IntentRecord;

const STATES = ['pending', 'confirmed', 'rejected', 'quarantined', 'voided'] as const;

describe('the local store layer over IndexedDB', () => {
  it.each([1, 2, 3, 4, 5])('upgrades a database Dexie made at version %i to exactly the stores and indexes of a new one', async (upTo) => {
    const factory = new IDBFactory();
    const old = await dexieMadeDatabase(NAME, factory, upTo);
    await old.intents.bulkAdd([intent(1, {}), intent(2, { state: 'confirmed' })]);
    old.close();
    const db = open(factory);
    await db.open();
    db.close();
    const fresh = new IDBFactory();
    const made = open(fresh);
    await made.open();
    made.close();
    const upgraded = await structureOf(factory, NAME);
    expect(upgraded).toEqual(await structureOf(fresh, NAME));
    expect(upgraded.version).toBe(LOCAL_SCHEMA_VERSION * 10);
  });

  it('answers every query the SDK makes exactly as Dexie does, on the same database', async () => {
    const factory = new IDBFactory();
    const old = await dexieMadeDatabase(NAME, factory, LOCAL_SCHEMA_VERSION);
    await old.intents.bulkAdd(Array.from({ length: 40 }, (_, i) => intent(i + 1, { state: STATES[i % 5]!, settledAt: i % 5 === 0 ? null : 2_000 + (i % 7) })));
    await old.members.bulkPut(
      ['m0', 'm1', 'm2'].map((memberId, i) => ({ memberId, tier: 'base', confirmed: 0, held: 0, version: 1, asOf: 0, pendingCredit: 0, pendingDebit: 0, usedAt: 30 - i, phone: `98${i}` }) as MemberRecord),
    );
    const db = open(factory);
    const both = async <R>(query: (t: Pick<TerminalDatabase, 'intents' | 'members'>, min: unknown, max: unknown) => Promise<R>) =>
      expect(await query(db, MIN_KEY, MAX_KEY)).toEqual(await query(old as never, Dexie.minKey, Dexie.maxKey));
    for (const state of STATES) {
      await both((t, min, max) => t.intents.where('[state+seq]').between([state, min as number], [state, max as number]).toArray());
      await both((t, min, max) => t.intents.where('[state+seq]').between([state, min as number], [state, max as number]).reverse().limit(3).toArray());
      await both((t, min, max) => t.intents.where('[state+seq]').between([state, min as number], [state, max as number]).until((i) => (i.settledAt ?? 0) >= 2_004).toArray());
      await both((t, min, max) =>
        t.intents.where('[state+seq]').between([state, min as number], [state, max as number]).reverse().until((i) => i.createdAt < 1_010).filter((i) => i.points % 2 === 0).toArray(),
      );
      await both((t) => t.intents.where('[state+seq]').between([state, 0], [state, Infinity]).filter((i) => i.points > 10).count());
      await both((t) => t.intents.where('[memberId+state]').equals(['m1', state]).filter((i) => i.points > 5).first());
    }
    await both((t) => t.intents.where('[memberId+state]').anyOf([['m2', 'pending'], ['m0', 'pending'], ['m2', 'pending']]).toArray());
    await both((t) => t.intents.where('[memberId+state]').anyOf(['m1', 'confirmed'], ['m0', 'voided']).filter((i) => i.points > 3).toArray());
    await both((t) => t.intents.where('intentId').equals(intent(7, {}).intentId).first());
    await both((t) => t.intents.bulkGet([3, 99, 1]));
    await both((t) => t.intents.where('[state+seq]').between(['pending', 0], ['pending', Infinity]).limit(2).primaryKeys());
    await both((t) => t.members.orderBy('usedAt').reverse().limit(2).primaryKeys());
    await both((t) => t.members.toCollection().primaryKeys());
    await both((t) => t.members.where('phone').equals('981').first());
    await both((t) => t.members.where('memberId').equals('m2').toArray());
    await both((t) => t.intents.filter((i) => i.points === 12).toArray());
    await both((t) => t.intents.count());
    old.close();
    db.close();
  });

  it('fails a transaction loudly, with a typed storage error, when its callback awaits something other than IndexedDB', async () => {
    const db = open(new IDBFactory());
    const written = db.transaction('rw', ['meta'], async (tx) => {
      await tx.meta.put({ key: 'a', value: 1 });
      await new Promise((resolve) => setImmediate(resolve)); // a macrotask: IndexedDB commits meanwhile
      await tx.meta.put({ key: 'b', value: 2 });
    });
    await expect(written).rejects.toMatchObject({ name: 'TillpointsError', code: 'storage', details: { reason: 'transaction_finished' } });
    expect(await db.meta.get('b')).toBeUndefined();
    db.close();
  });

  it('writes nothing of a transaction whose callback throws, a nested one included', async () => {
    const db = open(new IDBFactory());
    const failing = db.transaction('rw', ['meta', 'members'], async (tx) => {
      await tx.meta.put({ key: 'outer', value: 1 });
      await tx.transaction('rw', ['meta'], async (inner) => {
        expect(inner).toBe(tx); // a nested transaction joins the outer one
        await inner.meta.put({ key: 'inner', value: 2 });
      });
      throw new Error('the bill was refused');
    });
    await expect(failing).rejects.toThrow('the bill was refused');
    expect(await db.meta.count()).toBe(0);
    db.close();
  });

  it('refuses, with a typed storage error, a nested transaction over a table the outer one lacks or a write in a read-only one', async () => {
    const db = open(new IDBFactory());
    await expect(db.transaction('rw', ['meta'], (tx) => tx.transaction('rw', ['members'], (inner) => inner.members.count()))).rejects.toMatchObject({
      code: 'storage', details: { reason: 'not_in_transaction' },
    });
    await expect(db.transaction('r', ['meta'], (tx) => tx.meta.put({ key: 'x', value: 1 }))).rejects.toMatchObject({ code: 'storage', details: { reason: 'read_only' } });
    expect(await db.meta.count()).toBe(0);
    db.close();
  });

  it('lets another tab upgrade the schema without blocking, and works on at the newer version', async () => {
    const factory = new IDBFactory();
    const db = open(factory);
    await db.meta.put({ key: 'a', value: 1 });
    // A newer SDK in another tab opens the database at a higher version with a store of its own.
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = factory.open(NAME, LOCAL_SCHEMA_VERSION * 10 + 10);
      r.onupgradeneeded = () => r.result.createObjectStore('later', { keyPath: 'id' });
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
      r.onblocked = () => reject(new Error('blocked by the till'));
    });
    expect(newer.version).toBe(LOCAL_SCHEMA_VERSION * 10 + 10);
    newer.close();
    expect(await db.meta.get('a')).toEqual({ key: 'a', value: 1 });
    await db.meta.put({ key: 'b', value: 2 });
    expect(await db.meta.count()).toBe(2);
    db.close();
  });

  it('refuses every call with a typed storage error once closed, until opened again', async () => {
    const db = open(new IDBFactory());
    await db.meta.put({ key: 'a', value: 1 });
    db.close();
    await expect(db.meta.get('a')).rejects.toMatchObject({ code: 'storage', details: { reason: 'closed' } });
    await db.open();
    expect(await db.meta.get('a')).toEqual({ key: 'a', value: 1 });
    db.close();
  });

  it('runs a collection modify and delete in one transaction, answering how many rows changed', async () => {
    const db = open(new IDBFactory());
    await db.intents.bulkAdd(Array.from({ length: 6 }, (_, i) => intent(i + 1, { state: i < 4 ? 'pending' : 'confirmed' })));
    const pending = () => db.intents.where('[state+seq]').between(['pending', MIN_KEY], ['pending', MAX_KEY]);
    expect(await pending().modify((i) => void (i.attempts = 2))).toBe(4);
    expect(await db.intents.where('intentId').equals(intent(5, {}).intentId).modify({ attempts: 9 })).toBe(1);
    expect((await db.intents.toArray()).map((i) => i.attempts)).toEqual([2, 2, 2, 2, 9, 0]);
    expect(await pending().filter((i) => i.seq! > 2).delete()).toBe(2);
    expect(await db.intents.toCollection().primaryKeys()).toEqual([1, 2, 5, 6]);
    expect(await db.intents.update(5, { attempts: 1 })).toBe(1);
    expect(await db.intents.update(99, { attempts: 1 })).toBe(0);
    db.close();
  });

  it('turns a quota error of IndexedDB into a storage error at the counter, and writes nothing', async () => {
    const factory = new IDBFactory();
    const db = open(factory);
    await db.members.put({ memberId: 'asha', tier: 'base', confirmed: 100, held: 0, version: 1, asOf: Date.now(), pendingCredit: 0, pendingDebit: 0, usedAt: Date.now() });
    db.close();
    const t = createTerminal({
      ledgerUrl: 'http://127.0.0.1:9', terminalId: 'till-1', storeId: 'store-1', apiKey: 'tp_term_unused_offline', indexedDB: factory, IDBKeyRange,
      databaseName: NAME, autoSync: false,
    });
    await t.start();
    // fake-indexeddb has no quota: the disk fills up on the intent's row.
    const add = IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = () => {
      throw new DOMException('the disk is full', 'QuotaExceededError');
    };
    try {
      await expect(t.accrue({ memberId: 'asha', points: 10, bill: { billId: 'B1', amountPaise: 10_000 } })).rejects.toMatchObject({
        code: 'storage', cause: { name: 'QuotaExceededError' },
      });
    } finally {
      IDBObjectStore.prototype.add = add;
    }
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 100, provisional: 100 });
    expect(await t.history('asha')).toEqual([]);
    await t.close();
  });
});

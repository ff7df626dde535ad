import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger } from '../../src/ledger/index.js';
import { LOCK_FILE_NAME } from '../../src/ledger/sql/data-dir-lock.js';
import { startPgliteWorker, type PgliteWorker } from '../../src/ledger/sql/pglite-worker-database.js';
import { isStorageUnavailable, isValueRefused } from '../../src/ledger/sql/storage-errors.js';
import { GENEROUS_LIMITS } from '../support/ledger-fixture.js';
import { savedTemplate } from '../support/pglite-template.js';

// A copy of a fresh data folder: no initdb in each test.
const fresh = () => {
  const loadDataDir = savedTemplate();
  return startPgliteWorker(loadDataDir ? { loadDataDir } : {});
};

// The embedded database as createLedger opens it: PGlite in a worker thread, reached by messages.
describe('the embedded database in its worker thread', () => {
  let pglite: PgliteWorker;
  beforeEach(async () => {
    pglite = await fresh();
    await pglite.database.exec('CREATE TABLE notes (id int PRIMARY KEY, n int NOT NULL DEFAULT 0 CHECK (n >= 0))');
  });
  afterEach(() => pglite.database.close());

  it('answers queries with their parameters and rows, and commits a transaction whose work resolves', async () => {
    const { database } = pglite;
    const value = await database.transaction(async (tx) => {
      await tx.query('INSERT INTO notes (id, n) VALUES ($1, $2)', [1, 5]);
      return (await tx.query<{ n: number }>('SELECT n FROM notes WHERE id = $1', [1]))[0]!.n;
    });
    expect(value).toBe(5);
    expect(await database.query('SELECT id, n FROM notes')).toEqual([{ id: 1, n: 5 }]);
    await expect(database.ping!()).resolves.toBeUndefined();
  });

  it('rolls a transaction back when its work throws, or when one of its statements fails', async () => {
    const { database } = pglite;
    await expect(
      database.transaction(async (tx) => {
        await tx.query('INSERT INTO notes (id) VALUES (1)');
        throw new Error('refused by the caller');
      }),
    ).rejects.toThrow('refused by the caller');
    await expect(
      database.transaction(async (tx) => {
        await tx.query('INSERT INTO notes (id) VALUES (2)');
        await tx.query('INSERT INTO notes (id) VALUES (2)');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await database.query('SELECT count(*)::int AS n FROM notes')).toEqual([{ n: 0 }]);
  });

  it('keeps the SQLSTATE of an error that crossed threads, so a refused value is still a 400', async () => {
    const refused = await pglite.database.query('INSERT INTO notes (id, n) VALUES (1, -1)').catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: '23514' });
    expect(isValueRefused(refused)).toBe(true);
    expect(isStorageUnavailable(refused)).toBe(false);
  });

  it('runs concurrent transactions one after another: no increment is lost', async () => {
    const { database } = pglite;
    await database.query('INSERT INTO notes (id, n) VALUES (1, 0)');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        database.transaction(async (tx) => {
          const [row] = await tx.query<{ n: number }>('SELECT n FROM notes WHERE id = 1');
          await tx.query('UPDATE notes SET n = $1 WHERE id = 1', [row!.n + 1]);
        }),
      ),
    );
    expect(await database.query('SELECT n FROM notes WHERE id = 1')).toEqual([{ n: 20 }]);
  });

  it('fails what is waiting, and everything after, as storage unavailable when the worker dies, never hangs', async () => {
    const { database, worker } = pglite;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const open = database.transaction(async (tx) => {
      await tx.query('INSERT INTO notes (id) VALUES (1)');
      await held;
      await tx.query('INSERT INTO notes (id) VALUES (2)');
    });
    const waiting = database.query('SELECT count(*) FROM notes');
    await worker.terminate(); // the thread ends as a crash would end it
    release();
    for (const failure of [open, waiting, database.query('SELECT 1'), database.ping!()]) {
      const error = await failure.then(() => undefined, (e: unknown) => e);
      expect(isStorageUnavailable(error)).toBe(true);
    }
  });
});

describe('a ledger on the embedded database', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('answers 503 storage_unavailable, not a hang, once the database worker died', async () => {
    const pglite = await fresh();
    const ledger = await createLedger({ database: { kind: 'shared', database: pglite.database }, limits: GENEROUS_LIMITS, onError: () => {} });
    try {
      const url = await ledger.listen();
      expect((await fetch(`${url}/v1/health`)).status).toBe(200);
      await pglite.worker.terminate();
      const res = await fetch(`${url}/v1/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'storage_unavailable' } });
    } finally {
      await ledger.close();
      await pglite.database.close();
    }
  });

  it('keeps its data in the folder across a restart and releases the folder on close', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tillpoints-worker-'));
    dirs.push(dataDir);
    const first = await createLedger({ database: { kind: 'pglite', dataDir }, limits: GENEROUS_LIMITS });
    const adminKey = first.adminKey!;
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(true);
    await first.close();
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    const second = await createLedger({ database: { kind: 'pglite', dataDir }, adminKey, limits: GENEROUS_LIMITS });
    try {
      expect(second.adminKey).toBe(adminKey);
      expect(await second.database.query('SELECT count(*)::int AS n FROM admin_keys WHERE revoked_at IS NULL')).toEqual([{ n: 1 }]);
    } finally {
      await second.close();
    }
  });
});

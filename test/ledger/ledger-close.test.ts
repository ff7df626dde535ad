import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLedger } from '../../src/ledger/index.js';
import { isDatabaseClosed } from '../../src/ledger/sql/database-closed-error.js';
import { lockDataDir } from '../../src/ledger/sql/data-dir-lock.js';
import { startPgliteWorker } from '../../src/ledger/sql/pglite-worker-database.js';
import type { SqlDatabase } from '../../src/ledger/sql/sql-database.js';
import { isStorageUnavailable } from '../../src/ledger/sql/storage-errors.js';
import { queueDatabaseWork } from '../../src/ledger/sql/work-queue.js';
import { savedTemplate } from '../support/pglite-template.js';

// The machine may be loaded: a child starts PGlite from scratch (initdb) in its own thread.
const CHILD_MS = 150_000;

/** Runs test/ledger/support/close-with-late-reply.ts in a child process; its stdout and exit code. */
function runCloseScript(mode: 'request' | 'transaction'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'test/ledger/support/close-with-late-reply.ts', mode],
      { timeout: CHILD_MS, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

/** The embedded database as openPgliteDatabase opens it (thread, queue, folder lock); a new folder starts from the saved fresh one. */
async function openInFolder(dataDir: string, closeWaitMs: number, reopen = false): Promise<SqlDatabase> {
  const lock = lockDataDir(dataDir);
  const loadDataDir = reopen ? null : savedTemplate();
  const { database } = await startPgliteWorker({ dataDir, closeWaitMs, ...(loadDataDir ? { loadDataDir } : {}) }, () => lock.release());
  return queueDatabaseWork(database, { maxWaitMs: 60_000 });
}

/** A transaction that inserts `id`, then waits until `release()` before it ends. */
function heldInsert(db: SqlDatabase, id: number, more?: number) {
  let began!: () => void;
  let release!: () => void;
  const begun = new Promise<void>((resolve) => (began = resolve));
  const held = new Promise<void>((resolve) => (release = resolve));
  const done = db.transaction(async (tx) => {
    await tx.query('INSERT INTO notes (id) VALUES ($1)', [id]);
    began();
    await held;
    if (more !== undefined) await tx.query('INSERT INTO notes (id) VALUES ($1)', [more]);
  });
  return { begun, release, done };
}

const refusal = (work: Promise<unknown>) => work.then(() => undefined, (error: unknown) => error);

describe('a process whose last step is closing the ledger', () => {
  it('prints its last line and exits 0 when a request still running asks the closed database for more', { timeout: CHILD_MS + 10_000 }, async () => {
    const { code, stdout, stderr } = await runCloseScript('request');
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: 'the ledger closed\n', stderr: '' });
  });

  it('prints its last line and exits 0 when a transaction is held open across the close, which is rolled back and refused', { timeout: CHILD_MS + 10_000 }, async () => {
    const { code, stdout, stderr } = await runCloseScript('transaction');
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: 'the ledger closed; the held transaction was refused: DatabaseClosedError\n', stderr: '' });
  });
});

describe('closing the embedded database', () => {
  const dirs: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tillpoints-close-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('refuses new work at once, lets a transaction under way commit, and keeps it across a reopen', { timeout: 180_000 }, async () => {
    const dataDir = folder();
    const db = await openInFolder(dataDir, 60_000);
    await db.exec('CREATE TABLE notes (id int PRIMARY KEY)');
    const underWay = heldInsert(db, 1, 2);
    await underWay.begun;
    const queued = refusal(db.query('INSERT INTO notes (id) VALUES (10)'));
    const closed = db.close();
    // Nothing new is admitted, nor is what waited in the queue started: each is refused, typed.
    for (const refused of [queued, refusal(db.query('SELECT 1')), refusal(db.exec('SELECT 1')), refusal(db.ping!()), refusal(db.transaction(async () => {}))]) {
      const error = await refused;
      expect(isDatabaseClosed(error)).toBe(true);
      expect(isStorageUnavailable(error)).toBe(true);
    }
    underWay.release();
    await expect(underWay.done).resolves.toBeUndefined();
    await closed;

    const again = await openInFolder(dataDir, 60_000, true);
    try {
      expect(await again.query('SELECT id FROM notes ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
    } finally {
      await again.close();
    }
  });

  it('settles close() once closeWaitMs ran out, rolling back the transaction still open; its caller is refused and committed work is kept', { timeout: 180_000 }, async () => {
    const dataDir = folder();
    const db = await openInFolder(dataDir, 50);
    await db.exec('CREATE TABLE notes (id int PRIMARY KEY)');
    await db.query('INSERT INTO notes (id) VALUES (1)');
    const held = heldInsert(db, 2, 3);
    await held.begun;
    // The transaction's work never ends by itself: the close must not wait on it for good.
    await db.close();
    held.release();
    const error = await refusal(held.done);
    expect(isDatabaseClosed(error)).toBe(true);

    // Reopened as a ledger: what was committed is there, what was open is not.
    const ledger = await createLedger({ database: { kind: 'pglite', dataDir }, onError: () => {} });
    const closing = ledger.close();
    expect(ledger.close()).toBe(closing);
    await closing;
    expect(isDatabaseClosed(await refusal(ledger.database.query('SELECT 1')))).toBe(true);
    const after = await ledger.fetch(new Request('http://ledger/v1/health'));
    expect(after.status).toBe(503);
    expect(await after.json()).toMatchObject({ error: { code: 'storage_unavailable' } });
    const reopened = await openInFolder(dataDir, 50, true);
    try {
      expect(await reopened.query('SELECT id FROM notes ORDER BY id')).toEqual([{ id: 1 }]);
    } finally {
      await reopened.close();
    }
  });

  it('settles close() even when its thread does not answer (a statement runs on): the thread is ended, the statement refused, and close() says so', { timeout: 180_000 }, async () => {
    const loadDataDir = savedTemplate();
    const { database } = await startPgliteWorker({ closeWaitMs: 0, ...(loadDataDir ? { loadDataDir } : {}) });
    // pg_sleep holds the thread's WebAssembly far past the close's bound (closeWaitMs + 10 s).
    const running = refusal(database.query('SELECT pg_sleep(120)'));
    const closed = await refusal(database.close());
    expect(closed).toMatchObject({ name: 'DatabaseClosedError', message: expect.stringContaining('its thread was ended') });
    expect(isDatabaseClosed(await running)).toBe(true);
    expect(isDatabaseClosed(await refusal(database.query('SELECT 1')))).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signalCommits } from '../../src/ledger/sql/commit-signal.js';
import type { SqlDatabase } from '../../src/ledger/sql/sql-database.js';
import { freshPglite } from '../support/pglite-template.js';

describe('the commit signal', () => {
  let db: SqlDatabase;
  beforeEach(async () => {
    db = await freshPglite();
    await db.exec('CREATE TABLE notes (id int PRIMARY KEY)');
  });
  afterEach(() => db.close());

  it('signals each committed transaction once, after its rows are visible', async () => {
    const errors: unknown[] = [];
    const { database, commits } = signalCommits(db, (e) => errors.push(e));
    const seen: number[] = [];
    commits.subscribe(() => {
      // Synchronous with the commit: the listener is told once the work is done.
      seen.push(seen.length);
    });
    await database.transaction((tx) => tx.query('INSERT INTO notes VALUES (1)'));
    await database.transaction((tx) => tx.query('INSERT INTO notes VALUES (2)'));
    expect(seen).toEqual([0, 1]);
    expect(await database.query('SELECT count(*)::int AS n FROM notes')).toEqual([{ n: 2 }]);
    expect(errors).toEqual([]);
  });

  it('does not signal a transaction that rolled back, nor after unsubscribing', async () => {
    const { database, commits } = signalCommits(db, () => {});
    let signals = 0;
    const stop = commits.subscribe(() => signals++);
    await expect(
      database.transaction(async (tx) => {
        await tx.query('INSERT INTO notes VALUES (1)');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(signals).toBe(0);
    stop();
    await database.transaction((tx) => tx.query('INSERT INTO notes VALUES (3)'));
    expect(signals).toBe(0);
  });

  it('reports a listener that throws and still answers the committed transaction', async () => {
    const errors: unknown[] = [];
    const { database, commits } = signalCommits(db, (e) => errors.push(e));
    let later = 0;
    commits.subscribe(() => {
      throw new Error('listener broke');
    });
    commits.subscribe(() => later++);
    await expect(database.transaction(async (tx) => (await tx.query('INSERT INTO notes VALUES (4) RETURNING id'))[0])).resolves.toEqual({ id: 4 });
    expect(errors).toHaveLength(1);
    expect(later).toBe(1);
  });
});

describe('the commit signal and writes outside a transaction', () => {
  it('signals a write run on its own, not a read', async () => {
    const db = await freshPglite();
    try {
      const { database, commits } = signalCommits(db, () => {});
      await database.exec('CREATE TABLE notes (id int PRIMARY KEY)');
      let signals = 0;
      commits.subscribe(() => signals++);
      await database.query('SELECT 1');
      expect(signals).toBe(0);
      await database.query('INSERT INTO notes VALUES (1)');
      await database.query(' update notes SET id = 2');
      expect(signals).toBe(2);
    } finally {
      await db.close();
    }
  });
});

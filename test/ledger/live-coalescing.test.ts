import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveSession } from '../../src/ledger/live/live-session.js';
import { migrate } from '../../src/ledger/schema/migrate.js';
import { createTerminal } from '../../src/ledger/store/terminal-store.js';
import type { SqlDatabase, SqlExecutor } from '../../src/ledger/sql/sql-database.js';
import { freshPglite } from '../support/pglite-template.js';

/** The database, with its pull reads held at a gate the test opens. */
function gated(db: SqlDatabase) {
  let open: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  let pulls = 0;
  const executor: SqlExecutor = {
    async query(sql, params) {
      if (sql.includes('change_xid >=')) {
        pulls++;
        await gate;
      }
      return db.query(sql, params);
    },
  } as SqlExecutor;
  return {
    executor,
    get pulls() {
      return pulls;
    },
    close() {
      gate = new Promise((r) => (open = r));
    },
    open: () => open?.(),
  };
}

/** Resolves once `done()` holds, checking after each turn of the event loop (no timer, no sleep). */
function until(done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (done() ? resolve() : setImmediate(check));
    check();
  });
}

describe('a live stream woken by a burst of commits', () => {
  let db: SqlDatabase;
  beforeEach(async () => {
    db = await freshPglite();
    await migrate(db);
    // A stream reads only for a terminal whose key is live.
    await createTerminal(db, { terminalId: 'T1', storeId: 'S1' }, new Date().toISOString());
  });
  afterEach(() => db.close());

  it('reads at most once more after the read in flight, however many commits signal meanwhile', async () => {
    const g = gated(db);
    let ended = 0;
    const session = new LiveSession(
      { db: g.executor, now: () => new Date(), retryMs: 1000, onError: (e) => { throw e; }, onEnd: () => ended++ },
      { terminal: { terminalId: 'T1', storeId: 'S1' }, memberIds: ['M1'], cursor: null },
    );
    await session.first();
    expect(g.pulls).toBe(1);
    g.close();
    session.wake(); // a read starts: it will wait at the gate
    for (let i = 0; i < 100; i++) session.wake();
    await until(() => g.pulls === 2);
    g.open();
    await until(() => g.pulls === 3);
    await session.end();
    // One read at the start, the one in flight, and one for all 100 signals that came during it.
    expect(g.pulls).toBe(3);
    expect(ended).toBe(1);
  });
});

import { PGlite } from '@electric-sql/pglite';
import { readFileSync, writeFileSync } from 'node:fs';
import { inject } from 'vitest';
import { pgliteSqlDatabase } from '../../src/ledger/sql/pglite-database.js';
import { startPgliteWorker } from '../../src/ledger/sql/pglite-worker-database.js';
import type { SqlDatabase } from '../../src/ledger/sql/sql-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tarball of a freshly initialised, empty PGlite data folder (see {@link writePgliteTemplate}). */
    pgliteTemplate: string;
  }
}

/**
 * Runs PGlite's initdb once for the whole test run and saves the fresh data folder: most of
 * a new in-memory PGlite's start-up (about 1.5 s of 3) is initdb, and the suite starts
 * hundreds of ledgers. The ledger still migrates each copy itself.
 */
export async function writePgliteTemplate(path: string): Promise<void> {
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('none');
  await db.close();
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
}

let template: Blob | null | undefined;

/** The saved fresh data folder, or null outside a vitest run that made one. */
export function savedTemplate(): Blob | null {
  if (template === undefined) {
    let path: string | undefined;
    try {
      path = inject('pgliteTemplate');
    } catch {
      path = undefined;
    }
    template = path ? new Blob([readFileSync(path)]) : null;
  }
  return template;
}

/**
 * A new, empty in-memory PGlite for one test ledger: a copy of the saved fresh data folder
 * when there is one (same PostgreSQL, same empty database, no initdb), else a new one.
 */
export async function freshPglite(): Promise<SqlDatabase> {
  const loadDataDir = savedTemplate();
  // TILLPOINTS_PGLITE=worker runs the ledger tests on PGlite in its worker thread, as
  // createLedger opens it (the same contract, over messages); by default in this thread, faster.
  if (process.env.TILLPOINTS_PGLITE === 'worker') {
    return (await startPgliteWorker(loadDataDir ? { loadDataDir } : {})).database;
  }
  return pgliteSqlDatabase(await PGlite.create(loadDataDir ? { loadDataDir } : {}));
}

import { PGlite } from '@electric-sql/pglite';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { inject } from 'vitest';
import { pgliteSqlDatabase } from '../../src/ledger/sql/pglite-database.js';
import { startPgliteWorker } from '../../src/ledger/sql/pglite-worker-database.js';
import type { SqlDatabase } from '../../src/ledger/sql/sql-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tarball of a freshly initialised, empty PGlite data folder (see {@link writePgliteTemplate}). */
    pgliteTemplate: string;
    /** A fresh, empty PGlite data folder on disk (see {@link writePgliteDataDirTemplate}). */
    pgliteDataDirTemplate: string;
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

/**
 * Writes the saved fresh data folder (the tarball at `tarball`) out as a data folder on disk
 * at `dataDir`, without initdb: a ledger's first start on a new folder runs initdb on disk,
 * which takes 10–30 s on a busy machine, where copying this folder takes well under one.
 */
export async function writePgliteDataDirTemplate(tarball: string, dataDir: string): Promise<void> {
  const db = await PGlite.create({ dataDir, loadDataDir: new Blob([readFileSync(tarball)]) });
  await db.close();
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

/**
 * Makes `dataDir` (absent or empty) what a ledger's first start on a new folder finds once
 * initdb has run there: a copy of the saved fresh data folder, so the ledger skips initdb and
 * still migrates and makes its first admin key itself. Outside a vitest run that saved one it
 * leaves the folder alone (PGlite then runs initdb). Answers `dataDir`.
 */
export function freshDataDir(dataDir: string): string {
  let source: string | undefined;
  try {
    source = inject('pgliteDataDirTemplate');
  } catch {
    source = undefined;
  }
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) throw new Error(`freshDataDir: ${dataDir} is not empty`);
  if (source) cpSync(source, dataDir, { recursive: true });
  return dataDir;
}

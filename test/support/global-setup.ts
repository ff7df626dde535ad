import type { TestProject } from 'vitest/node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePgliteDataDirTemplate, writePgliteTemplate } from './pglite-template.js';
import { startPostgresServer, type PostgresServer } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser connection string of the test PostgreSQL server. */
    postgresUrl: string;
  }
}

let server: PostgresServer | undefined;
let templateDir: string | undefined;

/** Saves a fresh PGlite data folder (as a tarball and on disk) for test ledgers to copy, and starts one PostgreSQL server for the whole run (or uses TEST_DATABASE_URL); stops it after. */
export async function setup(project: TestProject): Promise<void> {
  templateDir = mkdtempSync(join(tmpdir(), 'tillpoints-pglite-'));
  const template = join(templateDir, 'fresh.tar');
  await writePgliteTemplate(template);
  project.provide('pgliteTemplate', template);
  const dataDirTemplate = join(templateDir, 'fresh-data');
  await writePgliteDataDirTemplate(template, dataDirTemplate);
  project.provide('pgliteDataDirTemplate', dataDirTemplate);
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('postgresUrl', external);
    return;
  }
  server = await startPostgresServer();
  project.provide('postgresUrl', server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (templateDir) rmSync(templateDir, { recursive: true, force: true });
}

import type { TestProject } from 'vitest/node';
import { startPostgresServer, type PostgresServer } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser connection string of the test PostgreSQL server. */
    postgresUrl: string;
  }
}

let server: PostgresServer | undefined;

/** Starts one PostgreSQL server for the whole run (or uses TEST_DATABASE_URL), and stops it after. */
export async function setup(project: TestProject): Promise<void> {
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
}

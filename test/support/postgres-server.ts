import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

/** A throwaway PostgreSQL server for tests and benchmarks, started and stopped by the project itself. */
export interface PostgresServer {
  /** Connection string of the `postgres` database (superuser). */
  readonly url: string;
  /**
   * Stops the server with `pg_ctl stop -m <mode>` (`fast`: ends sessions and shuts down
   * cleanly; `immediate`: quits at once, recovery on the next start), keeping its data.
   */
  halt(mode: 'fast' | 'immediate'): Promise<void>;
  /** Starts a halted server again on the same port and data; resolves once it accepts connections. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  // Bounded polling of a real connection: the server says it is ready by accepting one.
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`postgres exited early:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`postgres did not accept connections within 30 s:\n${log()}`);
}

/**
 * Starts a private PostgreSQL cluster in a temporary directory on a free loopback port,
 * installing Debian's package first when it is missing (as root). As root the server
 * runs as the `postgres` user, since PostgreSQL refuses to run as root.
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  let bin = postgresBinDir();
  if (!bin) {
    execFileSync('bash', [resolve('scripts/ensure-postgres.sh')], { stdio: 'inherit' });
    bin = postgresBinDir();
    if (!bin) throw new Error('PostgreSQL is still missing after scripts/ensure-postgres.sh');
  }
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'tillpoints-pg-'));
  chmodSync(dir, 0o777);
  const dataDir = join(dir, 'data');
  const run = (cmd: string, args: string[]) => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  execFileSync(...run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']), {
    stdio: 'pipe',
  });
  const port = await freePort();
  const [cmd, args] = run(join(bin, 'postgres'), [
    '-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1',
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
  ]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let output = '';
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    await waitUntilReady(url, child, () => output);
  };
  try {
    await launch();
  } catch (error) {
    child!.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    async halt(mode) {
      const exited = running() ? new Promise((r) => child.once('exit', r)) : Promise.resolve();
      execFileSync(...run(join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', mode, '-w', '-t', '60']), { stdio: 'pipe' });
      await exited;
    },
    async resume() {
      if (running()) throw new Error('the server is running');
      await launch();
    },
    async stop() {
      if (running()) {
        const exited = new Promise((r) => child.once('exit', r));
        // Signal the postmaster itself: runuser (as root) does not forward SIGINT.
        // SIGINT is PostgreSQL's fast shutdown: it ends open sessions too.
        const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
        process.kill(Number.isInteger(pid) && pid > 0 ? pid : child.pid!, 'SIGINT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLedger } from '../../src/ledger/index.js';
import { isDataDirInUseError } from '../../src/ledger/sql/data-dir-in-use-error.js';
import { LOCK_FILE_NAME, lockDataDir } from '../../src/ledger/sql/data-dir-lock.js';
import { freshDataDir } from '../support/pglite-template.js';

const dir = mkdtempSync(join(tmpdir(), 'tillpoints-data-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (dataDir: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/ledger/cli.ts', ...args, '--data', dataDir], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
};

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  if (pid === undefined) throw new Error('could not start a process');
  return pid;
}

function writeLock(dataDir: string, pid: number, host = hostname()): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, LOCK_FILE_NAME), JSON.stringify({ pid, host, startedAt: new Date().toISOString(), token: 'someone-else' }));
}

// Opening the embedded database on disk, and starting CLI processes, is slow on a busy machine.
// Folders a ledger opens start as a copy of a fresh one (freshDataDir): no initdb on disk, which
// is not what these tests are about; test/ledger/persistence.test.ts opens an empty folder.
describe('the embedded database admits one ledger per data folder', { timeout: 180_000 }, () => {
  it('refuses a second ledger on a folder in use, naming the process and what to do', async () => {
    const dataDir = freshDataDir(join(dir, 'twice'));
    const first = await createLedger({ database: { kind: 'pglite', dataDir } });
    try {
      const second = createLedger({ database: { kind: 'pglite', dataDir } });
      await expect(second).rejects.toSatisfy(isDataDirInUseError);
      await expect(second).rejects.toThrow(
        `the ledger data in ${dataDir} is in use by process ${process.pid}; stop it, or use the admin HTTP endpoints`,
      );
    } finally {
      await first.close();
    }
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it('refuses the CLI beside a running ledger (exit code 2, nothing written), and serves it once closed', async () => {
    const dataDir = freshDataDir(join(dir, 'cli'));
    const ledger = await createLedger({ database: { kind: 'pglite', dataDir } });
    const adminKey = ledger.adminKey!;
    let url = await ledger.listen();
    try {
      const refused = cli(dataDir, 'create-member', '--member', 'M1', '--points', '10');
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain(`the ledger data in ${dataDir} is in use by process ${process.pid}`);
      const lookup = await fetch(`${url}/v1/members/lookup?memberId=M1`, { headers: { authorization: `Bearer ${adminKey}` } });
      expect(lookup.status).toBe(404);
    } finally {
      await ledger.close();
    }
    const made = cli(dataDir, 'create-member', '--member', 'M1', '--points', '10');
    expect(made.status).toBe(0);
    const again = await createLedger({ database: { kind: 'pglite', dataDir } });
    try {
      url = await again.listen();
      const lookup = await fetch(`${url}/v1/members/lookup?memberId=M1`, { headers: { authorization: `Bearer ${adminKey}` } });
      expect(((await lookup.json()) as any).member.balance.points).toBe(10);
    } finally {
      await again.close();
    }
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dataDir = freshDataDir(join(dir, 'stale'));
    writeLock(dataDir, deadPid());
    const ledger = await createLedger({ database: { kind: 'pglite', dataDir } });
    try {
      expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE_NAME), 'utf8')).pid).toBe(process.pid);
    } finally {
      await ledger.close();
    }
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it('takes over a lock left by an earlier run with this same pid (a restarted container)', () => {
    const dataDir = join(dir, 'same-pid');
    writeLock(dataDir, process.pid);
    const lock = lockDataDir(dataDir);
    expect(() => lockDataDir(dataDir)).toThrow(/in use by process/);
    lock.release();
    lockDataDir(dataDir).release();
  });

  it('refuses while another live process holds the lock, and takes over once it is gone', async () => {
    const dataDir = join(dir, 'other-process');
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      writeLock(dataDir, child.pid!);
      expect(() => lockDataDir(dataDir)).toThrow(`in use by process ${child.pid}`);
    } finally {
      child.kill();
      await exited;
    }
    lockDataDir(dataDir).release();
  });

  it('counts a lock from another host (a container sharing the folder) as live, since its pid cannot be checked here', () => {
    const dataDir = join(dir, 'other-host');
    writeLock(dataDir, deadPid(), 'till-server-2');
    expect(() => lockDataDir(dataDir)).toThrow(/in use by process \d+ on host till-server-2; .* delete .*tillpoints-ledger\.lock/);
  });

  it('releases the folder when the process ends without closing the ledger', () => {
    const dataDir = join(dir, 'exit');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', `import('./src/ledger/sql/data-dir-lock.ts').then((m) => { m.lockDataDir(${JSON.stringify(dataDir)}); process.exit(0); })`],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });
});

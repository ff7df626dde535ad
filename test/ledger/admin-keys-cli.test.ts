import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAdminKeyFile } from '../../src/ledger/auth/read-admin-key-file.js';
import { createLedger } from '../../src/ledger/index.js';
import { freshDataDir } from '../support/pglite-template.js';
import { call } from './support/call-ledger.js';

// The command-line half of the admin key tests (the HTTP and store half is admin-keys.test.ts):
// a file of its own, so the two halves run on two workers at once.
const dir = mkdtempSync(join(tmpdir(), 'tillpoints-admin-keys-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each command is a new process that opens the embedded database: slow on a busy machine.
describe('admin keys from the command line', { timeout: 180_000 }, () => {
  const cli = (dataDir: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/ledger/cli.ts', ...args, '--data', dataDir], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
  };

  it('makes, lists, rotates and revokes keys, and never revokes the last one', async () => {
    const dataDir = freshDataDir(join(dir, 'cli'));
    const made = cli(dataDir, 'admin-key', 'create', '--label', 'ops');
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(/^tp_admin_\S+$/);
    const rotated = cli(dataDir, 'rotate-admin-key', '--label', 'ops 2');
    expect(rotated.status).toBe(0);
    expect(rotated.stdout).toMatch(/^tp_admin_\S+$/);
    const keys = JSON.parse(cli(dataDir, 'admin-key', 'list').stdout);
    expect(keys.map((k: any) => [k.label, k.revokedAt === null])).toEqual([['ops', false], ['ops 2', true]]);
    const last = cli(dataDir, 'admin-key', 'revoke', '--id', keys[1].keyId);
    expect(last.status).toBe(2);
    expect(last.stderr).toContain('last live admin key');

    // A later start makes no key; the rotated one works, the old one does not.
    const ledger = await createLedger({ database: { kind: 'pglite', dataDir } });
    try {
      expect(ledger.adminKey).toBeUndefined();
      const url = await ledger.listen();
      expect((await call(url, 'GET', '/v1/admin/keys', rotated.stdout)).status).toBe(200);
      expect((await call(url, 'GET', '/v1/admin/keys', made.stdout)).status).toBe(401);
    } finally {
      await ledger.close();
    }
  });

  /** Runs `serve` until it listens, then stops it; resolves with its output and exit code. */
  async function serveOnce(dataDir: string, args: string[], whileUp: (url: string) => Promise<void>) {
    const env = { ...process.env };
    delete env.TILLPOINTS_ADMIN_KEY;
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/ledger/cli.ts', 'serve', '--port', '0', '--data', dataDir, ...args], { env });
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const listening = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /listening on (\S+)/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      void exited.then(() => reject(new Error(`serve ended: ${stdout}`)));
    });
    try {
      await whileUp(await listening);
    } finally {
      child.kill('SIGTERM');
    }
    return { stdout, code: await exited };
  }

  it('serve makes and prints a key on the first start only, and takes one from a file', async () => {
    const dataDir = freshDataDir(join(dir, 'serve'));
    const first = await serveOnce(dataDir, [], async () => {});
    expect(first.code).toBe(0);
    const printed = /admin key \(new, shown only this once; keep it in a secret store\): (\S+)/.exec(first.stdout)?.[1];
    expect(printed).toMatch(/^tp_admin_/);

    const file = join(dir, 'serve.key');
    writeFileSync(file, 'tp_admin_from-a-file-0123456789abcdef\n', { mode: 0o600 });
    const second = await serveOnce(dataDir, ['--admin-key-file', file], async (url) => {
      const keys = await call(url, 'GET', '/v1/admin/keys', 'tp_admin_from-a-file-0123456789abcdef');
      expect(keys.body.keys.map((k: any) => k.label)).toEqual(['first start', 'configured']);
      expect((await call(url, 'GET', '/v1/admin/keys', printed)).status).toBe(200);
    });
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('admin key (new');
  });

  it('reads a key file trimmed, and refuses one that other users may read', () => {
    const file = join(dir, 'admin.key');
    writeFileSync(file, '  tp_admin_from-a-file-0123456789abcdef\n');
    chmodSync(file, 0o600);
    expect(readAdminKeyFile(file)).toBe('tp_admin_from-a-file-0123456789abcdef');
    chmodSync(file, 0o644);
    expect(() => readAdminKeyFile(file)).toThrow(/readable by other users; run chmod 600/);
  });
});

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAdminKeyFile } from '../../src/ledger/auth/read-admin-key-file.js';
import { createLedger, MIGRATIONS, type Ledger } from '../../src/ledger/index.js';
import { migrate } from '../../src/ledger/schema/migrate.js';
import { openDatabase, type DatabaseConfig } from '../../src/ledger/sql/open-database.js';
import { listAdminKeys, revokeAdminKey } from '../../src/ledger/store/admin-key-store.js';
import { createPostgresDatabase, DATABASES, type DatabaseKind } from '../support/ledger-fixture.js';
import { freshDataDir } from '../support/pglite-template.js';

const dir = mkdtempSync(join(tmpdir(), 'tillpoints-admin-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function call(url: string, method: string, path: string, key: string | undefined, body?: unknown) {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/**
 * A database that outlives one ledger: a data folder, or a PostgreSQL database. The folder is
 * a copy of a fresh one (initdb on disk is not what these tests are about, and takes many
 * seconds); test/ledger/persistence.test.ts starts a ledger on a folder with nothing in it.
 */
async function durableDatabase(kind: DatabaseKind, name: string) {
  if (kind === 'pglite') {
    return { config: { kind: 'pglite', dataDir: freshDataDir(join(dir, name)) } as DatabaseConfig, drop: async () => {} };
  }
  const pg = await createPostgresDatabase();
  return { config: { kind: 'postgres', url: pg.url } as DatabaseConfig, drop: pg.drop };
}

describe.each(DATABASES)('admin keys (%s)', (kind) => {
  async function withLedger<T>(config: DatabaseConfig, options: { adminKey?: string }, work: (l: Ledger, url: string) => Promise<T>) {
    const ledger = await createLedger({ database: config, onError: () => {}, ...options });
    try {
      return await work(ledger, await ledger.listen());
    } finally {
      await ledger.close();
    }
  }

  it('makes a key on the first start only, and the first key keeps working after restarts', async () => {
    const db = await durableDatabase(kind, 'first-start');
    try {
      const first = await withLedger(db.config, {}, async (l) => l.adminKey);
      expect(first).toMatch(/^tp_admin_/);
      await withLedger(db.config, {}, async (l, url) => {
        expect(l.adminKey).toBeUndefined();
        const keys = await call(url, 'GET', '/v1/admin/keys', first);
        expect(keys.status).toBe(200);
        expect(keys.body.keys).toHaveLength(1);
        expect(keys.body.keys[0]).toMatchObject({ label: 'first start', revokedAt: null });
      });
    } finally {
      await db.drop();
    }
  });

  it('lists, makes and revokes keys by public id, and never shows a key or its hash again', async () => {
    const db = await durableDatabase(kind, 'lifecycle');
    try {
      await withLedger(db.config, {}, async (l, url) => {
        const first = l.adminKey!;
        const made = await call(url, 'POST', '/v1/admin/keys', first, { protocol: 'v1', label: 'CRM team' });
        expect(made.status).toBe(201);
        expect(made.body.apiKey).toMatch(/^tp_admin_/);
        expect(made.body.key).toMatchObject({ keyId: expect.stringMatching(/^ak_/), label: 'CRM team', revokedAt: null, lastUsedAt: null });
        const second = made.body.apiKey as string;

        const listed = await call(url, 'GET', '/v1/admin/keys', second);
        expect(listed.status).toBe(200);
        expect(listed.body.keys.map((k: any) => k.label)).toEqual(['first start', 'CRM team']);
        expect(listed.body.keys[1].lastUsedAt).not.toBeNull();
        const hashes = (await l.database.query('SELECT key_hash FROM admin_keys')).map((r) => String(r.key_hash));
        const text = JSON.stringify(listed.body);
        for (const secret of [first, second, ...hashes]) expect(text).not.toContain(secret);

        const revoked = await call(url, 'POST', `/v1/admin/keys/${made.body.key.keyId}/revoke`, first);
        expect(revoked.status).toBe(200);
        expect(revoked.body.key.revokedAt).not.toBeNull();
        expect((await call(url, 'GET', '/v1/admin/keys', second)).status).toBe(401);
        const again = await call(url, 'POST', `/v1/admin/keys/${made.body.key.keyId}/revoke`, first);
        expect(again.body.key.revokedAt).toBe(revoked.body.key.revokedAt);
        const unknown = await call(url, 'POST', '/v1/admin/keys/ak_AAAAAAAAAAAA/revoke', first);
        expect(unknown.status).toBe(404);
        expect(unknown.body.error.code).toBe('not_found');
      });
    } finally {
      await db.drop();
    }
  });

  it('refuses to revoke the last live admin key, so nobody is locked out', async () => {
    const db = await durableDatabase(kind, 'last-key');
    try {
      await withLedger(db.config, {}, async (l, url) => {
        const key = l.adminKey!;
        const [only] = (await call(url, 'GET', '/v1/admin/keys', key)).body.keys;
        const refused = await call(url, 'POST', `/v1/admin/keys/${only.keyId}/revoke`, key);
        expect(refused.status).toBe(409);
        expect(refused.body.error.code).toBe('last_admin_key');
        expect((await call(url, 'GET', '/v1/admin/keys', key)).status).toBe(200);
      });
    } finally {
      await db.drop();
    }
  });

  it('revokes only one of the last two live keys when both are revoked at once', async () => {
    const db = await durableDatabase(kind, 'race');
    try {
      await withLedger(db.config, {}, async (l, url) => {
        await call(url, 'POST', '/v1/admin/keys', l.adminKey, { protocol: 'v1', label: 'second' });
        const ids = (await listAdminKeys(l.database)).map((k) => k.keyId);
        const outcomes = await Promise.all(ids.map((id) => revokeAdminKey(l.database, id, new Date().toISOString())));
        expect(outcomes.map((o) => o.outcome).sort()).toEqual(['last_live_key', 'revoked']);
        expect((await listAdminKeys(l.database)).filter((k) => k.revokedAt === null)).toHaveLength(1);
      });
    } finally {
      await db.drop();
    }
  });

  it('accepts a configured key beside the others, and refuses to start with one that was revoked', async () => {
    const db = await durableDatabase(kind, 'configured');
    const configured = 'tp_admin_configured-key-0123456789abcdef';
    try {
      const generated = await withLedger(db.config, {}, async (l) => l.adminKey!);
      await withLedger(db.config, { adminKey: configured }, async (l, url) => {
        expect(l.adminKey).toBe(configured);
        const keys = (await call(url, 'GET', '/v1/admin/keys', generated)).body.keys;
        expect(keys.map((k: any) => k.label)).toEqual(['first start', 'configured']);
        expect((await call(url, 'POST', `/v1/admin/keys/${keys[1].keyId}/revoke`, generated)).status).toBe(200);
      });
      await expect(createLedger({ database: db.config, adminKey: configured })).rejects.toThrow(/revoked/);
      // The refused start let go of the database: the next one opens it.
      await withLedger(db.config, {}, async (l) => expect(l.adminKey).toBeUndefined());
    } finally {
      await db.drop();
    }
  });

  it('refuses admin key endpoints to terminals and a request without a label', async () => {
    const db = await durableDatabase(kind, 'refusals');
    try {
      await withLedger(db.config, {}, async (l, url) => {
        const admin = l.adminKey!;
        const terminal = (await call(url, 'POST', '/v1/admin/terminals', admin, { protocol: 'v1', terminalId: 'T1', storeId: 'S1' })).body.apiKey;
        expect((await call(url, 'GET', '/v1/admin/keys', terminal)).status).toBe(403);
        expect((await call(url, 'POST', '/v1/admin/keys', terminal, { protocol: 'v1', label: 'x' })).status).toBe(403);
        const blank = await call(url, 'POST', '/v1/admin/keys', admin, { protocol: 'v1', label: '  ' });
        expect(blank.status).toBe(400);
        expect(blank.body.error.code).toBe('invalid_request');
        expect(await listAdminKeys(l.database)).toHaveLength(1);
      });
    } finally {
      await db.drop();
    }
  });

  it('gives keys stored before public ids existed an id from their hash', async () => {
    const db = await durableDatabase(kind, 'backfill');
    const sql = await openDatabase(db.config);
    try {
      await migrate(sql, MIGRATIONS.filter((m) => m.version <= 2));
      await sql.query(`INSERT INTO admin_keys (key_hash, label) VALUES ('abcdefghijklmnopqrstuvwxyz', 'old')`);
      await migrate(sql);
      expect(await listAdminKeys(sql)).toMatchObject([{ keyId: 'ak_abcdefghijkl', label: 'old', revokedAt: null, lastUsedAt: null }]);
    } finally {
      await sql.close();
      await db.drop();
    }
  });
});

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

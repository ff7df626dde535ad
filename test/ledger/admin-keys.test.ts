import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLedger, MIGRATIONS, type Ledger } from '../../src/ledger/index.js';
import { migrate } from '../../src/ledger/schema/migrate.js';
import { openDatabase, type DatabaseConfig } from '../../src/ledger/sql/open-database.js';
import { listAdminKeys, revokeAdminKey } from '../../src/ledger/store/admin-key-store.js';
import { createPostgresDatabase, DATABASES, type DatabaseKind } from '../support/ledger-fixture.js';
import { freshDataDir } from '../support/pglite-template.js';
import { call } from './support/call-ledger.js';

// The command line's admin key tests are in admin-keys-cli.test.ts.
const dir = mkdtempSync(join(tmpdir(), 'tillpoints-admin-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A database that outlives one ledger: a data folder, or a PostgreSQL database. The folder is
 * a copy of a fresh one (initdb on disk is not what these tests are about, and takes many
 * seconds); test/ledger/persistence.test.ts starts a ledger on a folder with nothing in it.
 */
async function durableDatabase(kind: DatabaseKind, name: string) {
  if (kind === 'pglite') {
    // A wait limit far past any request here: a busy machine, not these tests, would otherwise answer 503 ledger_busy.
    return { config: { kind: 'pglite', dataDir: freshDataDir(join(dir, name)), queueWaitMs: 30_000 } as DatabaseConfig, drop: async () => {} };
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

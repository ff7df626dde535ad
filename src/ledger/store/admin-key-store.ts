import type { AdminKeyV1 } from '../../protocol/index.js';
import { generateApiKey, hashApiKey } from '../auth/api-key.js';
import { instantColumn } from '../sql/columns.js';
import type { SqlDatabase, SqlExecutor, SqlRow } from '../sql/sql-database.js';

// Any fixed number: serialises "is there a live admin key yet?" across ledger processes.
const FIRST_KEY_LOCK = 7_318_002;

const KEY_COLUMNS = 'key_id, label, created_at, revoked_at, last_used_at';

/** The public id of a key: a prefix of its hash, enough to name it and useless to guess it. */
export function adminKeyId(apiKey: string): string {
  return `ak_${hashApiKey(apiKey).slice(0, 12)}`;
}

function toAdminKey(row: SqlRow): AdminKeyV1 {
  return {
    keyId: String(row.key_id),
    label: String(row.label),
    createdAt: instantColumn(row.created_at),
    revokedAt: row.revoked_at === null ? null : instantColumn(row.revoked_at),
    lastUsedAt: row.last_used_at === null ? null : instantColumn(row.last_used_at),
  };
}

async function insertKey(db: SqlExecutor, apiKey: string, label: string, at: string): Promise<AdminKeyV1> {
  const rows = await db.query(
    `INSERT INTO admin_keys (key_hash, key_id, label, created_at) VALUES ($1, $2, $3, $4::timestamptz) RETURNING ${KEY_COLUMNS}`,
    [hashApiKey(apiKey), adminKeyId(apiKey), label, at],
  );
  return toAdminKey(rows[0]!);
}

/** A new admin key: its public record, and the key itself (shown once, stored only hashed). */
export interface NewAdminKey {
  readonly key: AdminKeyV1;
  readonly apiKey: string;
}

/** Makes a new admin key with `label`, created `at` (the ledger's clock). */
export async function createAdminKey(db: SqlExecutor, label: string, at: string): Promise<NewAdminKey> {
  const apiKey = generateApiKey('admin');
  return { key: await insertKey(db, apiKey, label, at), apiKey };
}

/**
 * Accepts a key given to the ledger (option, environment or file): adds it if new.
 * `revoked` when it was revoked before: revocation is for good, so it is not revived.
 */
export async function registerAdminKey(
  db: SqlExecutor,
  apiKey: string,
  label: string,
  at: string,
): Promise<'added' | 'live' | 'revoked'> {
  const added = await db.query(
    `INSERT INTO admin_keys (key_hash, key_id, label, created_at) VALUES ($1, $2, $3, $4::timestamptz)
     ON CONFLICT (key_hash) DO NOTHING RETURNING key_id`,
    [hashApiKey(apiKey), adminKeyId(apiKey), label, at],
  );
  if (added.length > 0) return 'added';
  const rows = await db.query(`SELECT revoked_at FROM admin_keys WHERE key_hash = $1`, [hashApiKey(apiKey)]);
  return rows[0]?.revoked_at === null ? 'live' : 'revoked';
}

/**
 * On a database with no live admin key (a first start), makes one and returns it;
 * otherwise makes none and returns undefined. Safe when several ledgers start at once.
 */
export async function ensureFirstAdminKey(db: SqlDatabase, at: string): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [FIRST_KEY_LOCK]);
    const live = await tx.query(`SELECT 1 FROM admin_keys WHERE revoked_at IS NULL LIMIT 1`);
    if (live.length > 0) return undefined;
    return (await createAdminKey(tx, 'first start', at)).apiKey;
  });
}

/** Every admin key, live and revoked, oldest first. */
export async function listAdminKeys(db: SqlExecutor): Promise<AdminKeyV1[]> {
  const rows = await db.query(`SELECT ${KEY_COLUMNS} FROM admin_keys ORDER BY created_at, key_id`);
  return rows.map(toAdminKey);
}

/** What a revocation did: the key (now revoked), or why not. */
export type RevokeAdminKeyOutcome =
  | { readonly outcome: 'revoked'; readonly key: AdminKeyV1 }
  | { readonly outcome: 'not_found' }
  | { readonly outcome: 'last_live_key' };

/**
 * Revokes an admin key at once (again: no change), unless it is the last live one, which
 * would leave nobody able to administer the ledger.
 */
export async function revokeAdminKey(db: SqlDatabase, keyId: string, at: string): Promise<RevokeAdminKeyOutcome> {
  return db.transaction(async (tx) => {
    // Locking every live key serialises concurrent revocations, so two of them cannot
    // each leave the other's key as the last and revoke both.
    const live = await tx.query(`SELECT key_id FROM admin_keys WHERE revoked_at IS NULL FOR UPDATE`);
    const isLive = live.some((r) => r.key_id === keyId);
    if (isLive && live.length === 1) return { outcome: 'last_live_key' };
    const rows = await tx.query(
      `UPDATE admin_keys SET revoked_at = coalesce(revoked_at, $2::timestamptz) WHERE key_id = $1 RETURNING ${KEY_COLUMNS}`,
      [keyId, at],
    );
    return rows[0] ? { outcome: 'revoked', key: toAdminKey(rows[0]) } : { outcome: 'not_found' };
  });
}

/** Rotation: a new key with `label`, and `keyId` revoked, in one transaction. */
export async function rotateAdminKey(
  db: SqlDatabase,
  keyId: string,
  label: string,
  at: string,
): Promise<{ readonly outcome: 'rotated'; readonly created: NewAdminKey; readonly revoked: AdminKeyV1 } | { readonly outcome: 'not_found' }> {
  return db.transaction(async (tx) => {
    const old = await tx.query(`SELECT key_id FROM admin_keys WHERE key_id = $1 AND revoked_at IS NULL FOR UPDATE`, [keyId]);
    if (old.length === 0) return { outcome: 'not_found' };
    const created = await createAdminKey(tx, label, at);
    const rows = await tx.query(
      `UPDATE admin_keys SET revoked_at = $2::timestamptz WHERE key_id = $1 RETURNING ${KEY_COLUMNS}`,
      [keyId, at],
    );
    return { outcome: 'rotated', created, revoked: toAdminKey(rows[0]!) };
  });
}

/**
 * The id of the live admin key `apiKey`, or undefined. Notes when it was used, at most
 * once a minute of the ledger's clock (`at` is now), so an admin request rarely costs a write.
 */
export async function findAdminKey(db: SqlExecutor, apiKey: string, at: string): Promise<string | undefined> {
  const hash = hashApiKey(apiKey);
  const rows = await db.query(
    `SELECT key_id, (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute') AS stale
       FROM admin_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
    [hash, at],
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.stale === true) {
    await db.query(`UPDATE admin_keys SET last_used_at = $2::timestamptz WHERE key_hash = $1`, [hash, at]);
  }
  return String(row.key_id);
}

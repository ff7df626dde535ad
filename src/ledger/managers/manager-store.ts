import { instantColumn, intColumn } from '../sql/columns.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { hashPin } from './manager-pin.js';
import type { PinThrottle } from './pin-throttle.js';

/** A store's manager as approval checks see them. */
export interface Manager extends PinThrottle {
  readonly storeId: string;
  readonly managerId: string;
  readonly pinHash: string;
}

/**
 * Registers a manager's PIN for a store (stored as a salted scrypt hash), or replaces it:
 * registering again also lifts a revocation and a lockout.
 */
export async function registerManager(
  db: SqlExecutor,
  manager: { storeId: string; managerId: string; pin: string; label?: string | undefined },
  at: string,
): Promise<void> {
  await db.query(
    `INSERT INTO managers (store_id, manager_id, label, pin_hash, created_at) VALUES ($1, $2, $3, $4, $5::timestamptz)
     ON CONFLICT (store_id, manager_id) DO UPDATE
        SET pin_hash = EXCLUDED.pin_hash, label = coalesce(EXCLUDED.label, managers.label),
            failures = 0, failures_since = NULL, locked_until = NULL, revoked_at = NULL`,
    [manager.storeId, manager.managerId, manager.label ?? null, await hashPin(manager.pin), at],
  );
}

/** Revokes a manager's approvals at once (`at`, the ledger's clock); returns false when there is no such manager. */
export async function revokeManager(db: SqlExecutor, storeId: string, managerId: string, at: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE managers SET revoked_at = coalesce(revoked_at, $3::timestamptz) WHERE store_id = $1 AND manager_id = $2 RETURNING manager_id`,
    [storeId, managerId, at],
  );
  return rows.length > 0;
}

/** The store's active managers among `managerIds`, locked for this transaction (their wrong-PIN counts move). */
export async function lockManagers(tx: SqlExecutor, storeId: string, managerIds: readonly string[]): Promise<Map<string, Manager>> {
  const rows = await tx.query(
    `SELECT store_id, manager_id, pin_hash, failures, failures_since, locked_until FROM managers
      WHERE store_id = $1 AND manager_id = ANY($2::text[]) AND revoked_at IS NULL
      ORDER BY manager_id FOR UPDATE`,
    [storeId, [...managerIds]],
  );
  return new Map(
    rows.map((r) => [
      String(r.manager_id),
      {
        storeId: String(r.store_id),
        managerId: String(r.manager_id),
        pinHash: String(r.pin_hash),
        failures: intColumn(r.failures),
        failuresSince: r.failures_since === null ? null : instantColumn(r.failures_since),
        lockedUntil: r.locked_until === null ? null : instantColumn(r.locked_until),
      },
    ]),
  );
}

/** Stores a manager's wrong-PIN record. */
export async function saveThrottle(tx: SqlExecutor, manager: Manager, state: PinThrottle): Promise<void> {
  await tx.query(
    `UPDATE managers SET failures = $3, failures_since = $4::timestamptz, locked_until = $5::timestamptz
      WHERE store_id = $1 AND manager_id = $2`,
    [manager.storeId, manager.managerId, state.failures, state.failuresSince, state.lockedUntil],
  );
}

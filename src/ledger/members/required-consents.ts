import { DEFAULT_REDEMPTION_POLICY } from '../../protocol/index.js';
import type { SqlExecutor } from '../sql/sql-database.js';

/** Reads the consents an enrolment at a store must carry. */
export type RequiredConsentsReader = (tx: SqlExecutor, storeId: string) => Promise<readonly string[]>;

/**
 * The consents an enrolment at `storeId` must carry: `requiredConsents` of the store's
 * resolved redemption policy. The one place enrolment reads the policy from.
 */
// Until the policy store (`resolvedPolicyFor`) is on this branch, the defaults stand for every store.
export const requiredConsentsFor: RequiredConsentsReader = async (_tx, _storeId) => DEFAULT_REDEMPTION_POLICY.requiredConsents;

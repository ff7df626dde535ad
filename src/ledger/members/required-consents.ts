import type { RedemptionPolicyV1 } from '../../protocol/index.js';
import { resolvedPolicyFor } from '../policy/resolve-policy.js';
import type { SqlExecutor } from '../sql/sql-database.js';

/** Reads the consents an enrolment at a store must carry. */
export type RequiredConsentsReader = (tx: SqlExecutor, storeId: string) => Promise<readonly string[]>;

/**
 * The consents an enrolment at a store must carry: `requiredConsents` of the store's resolved
 * policy, over `defaults` (the ledger's `redemptionPolicy` option). The one place enrolment
 * reads the policy from.
 */
export function requiredConsentsReader(defaults: RedemptionPolicyV1 = {}): RequiredConsentsReader {
  return async (tx, storeId) => (await resolvedPolicyFor(tx, storeId, defaults)).requiredConsents;
}

/** {@link requiredConsentsReader} without a ledger option. */
export const requiredConsentsFor: RequiredConsentsReader = requiredConsentsReader();

import type { ResolvedRedemptionPolicyV1 } from '../protocol/index.js';
import type { TerminalDatabase } from './terminal-database.js';

const KEY = 'redemptionPolicy';

/**
 * The store's redemption policy as this till last learnt it (each sync round asks):
 * - `policy`: the ledger's answer, with when (till clock) it was fetched;
 * - `legacy`: the ledger has no policy endpoint (older than holds): redeem as before.
 * Undefined when never fetched: offline redemption is then denied.
 */
export type CachedPolicy =
  | { readonly kind: 'policy'; readonly policy: ResolvedRedemptionPolicyV1; readonly fetchedAt: number }
  | { readonly kind: 'legacy'; readonly fetchedAt: number };

/** The cached policy, if any. */
export async function loadCachedPolicy(db: TerminalDatabase): Promise<CachedPolicy | undefined> {
  const value = (await db.meta.get(KEY))?.value as CachedPolicy | undefined;
  return value && (value.kind === 'policy' || value.kind === 'legacy') ? value : undefined;
}

/** Stores what the ledger said of the policy. */
export async function saveCachedPolicy(db: TerminalDatabase, policy: CachedPolicy): Promise<void> {
  await db.meta.put({ key: KEY, value: policy });
}

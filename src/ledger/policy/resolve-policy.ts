import {
  DEFAULT_REDEMPTION_POLICY,
  type RedemptionPolicyV1,
  type ResolvedRedemptionPolicyV1,
} from '../../protocol/index.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { loadPolicyLayers } from './redemption-policy-store.js';

const KEYS = Object.keys(DEFAULT_REDEMPTION_POLICY) as (keyof ResolvedRedemptionPolicyV1)[];

/**
 * The policy in force: each field from the most specific layer that sets it (store, then
 * programme, then the ledger's `redemptionPolicy` option), else {@link DEFAULT_REDEMPTION_POLICY}.
 * Pure.
 */
export function resolveRedemptionPolicy(layers: readonly (RedemptionPolicyV1 | undefined)[]): ResolvedRedemptionPolicyV1 {
  const resolved: Record<string, unknown> = { ...DEFAULT_REDEMPTION_POLICY };
  for (const key of KEYS) {
    const layer = layers.find((l) => l?.[key] !== undefined);
    if (layer) resolved[key] = layer[key];
  }
  return resolved as ResolvedRedemptionPolicyV1;
}

/**
 * The redemption policy in force for one store: its own, over the programme's, over
 * `defaults` (the ledger's `redemptionPolicy` option), over the built-in defaults.
 * @example const { requiredConsents } = await resolvedPolicyFor(tx, 'pune-1', ledgerDefaults);
 */
export async function resolvedPolicyFor(
  tx: SqlExecutor,
  storeId: string,
  defaults: RedemptionPolicyV1 = {},
): Promise<ResolvedRedemptionPolicyV1> {
  const layers = await loadPolicyLayers(tx, storeId);
  return resolveRedemptionPolicy([layers.store, layers.program, defaults]);
}

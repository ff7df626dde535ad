import type { LedgerLimitsV1 } from '../../protocol/index.js';

/** The limits in force for one store: each a whole number, or null for none. */
export interface Limits {
  readonly manualPointsPerBill: number;
  readonly pointsPerBill: number | null;
  readonly terminalPointsPerHour: number | null;
  readonly terminalPointsPerDay: number | null;
  readonly memberRedemptionsPerDay: number | null;
}

/**
 * The ledger's own defaults: no points without a bill the rules can earn (or a manager),
 * and no other limit until the brand sets one.
 */
export const DEFAULT_LIMITS: Limits = {
  manualPointsPerBill: 0,
  pointsPerBill: null,
  terminalPointsPerHour: null,
  terminalPointsPerDay: null,
  memberRedemptionsPerDay: null,
};

const KEYS = Object.keys(DEFAULT_LIMITS) as (keyof Limits)[];

/**
 * The limits in force, each taken from the most specific layer that sets it (store, then
 * program, then the ledger's option), else the default. `null` in a layer means "no limit".
 */
export function resolveLimits(layers: readonly (LedgerLimitsV1 | undefined)[]): Limits {
  const limits: Record<string, number | null> = { ...DEFAULT_LIMITS };
  for (const key of KEYS) {
    for (const layer of layers) {
      const value = layer?.[key];
      if (value !== undefined) {
        limits[key] = key === 'manualPointsPerBill' ? (value ?? Number.MAX_SAFE_INTEGER) : value;
        break;
      }
    }
  }
  return limits as unknown as Limits;
}

/** Whether any limit needs the totals of a time window (only then does the ledger count them). */
export function needsWindows(limits: Limits): { terminal: boolean; member: boolean } {
  return {
    terminal: limits.terminalPointsPerHour !== null || limits.terminalPointsPerDay !== null,
    member: limits.memberRedemptionsPerDay !== null,
  };
}

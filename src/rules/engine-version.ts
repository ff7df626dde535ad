/**
 * Version of the engine's arithmetic. It changes only when the same ruleset, bill and member
 * would earn different points (a rounding fix, say), so a ledger can tell a rules change from
 * an engine upgrade.
 */
export const RULES_ENGINE_VERSION = 1 as const;

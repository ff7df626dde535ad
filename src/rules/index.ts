/**
 * tillpoints/rules: the earning-rules engine shared by the till and the ledger.
 * It is filled in by the rules issue; for now it exports only its version marker.
 */
export const RULES_ENGINE_VERSION = 0 as const;

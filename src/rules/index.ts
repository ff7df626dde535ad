/**
 * tillpoints/rules: the pure earning-rules engine the till and the ledger both run, so the
 * points printed at the till are the points the ledger confirms. No I/O, no clock, no
 * randomness, integers only: time comes in with the bill.
 */
export { RULES_ENGINE_VERSION } from './engine-version.js';
export {
  earnLineSchema,
  earnResultSchema,
  ruleEntrySchema,
  tierOutcomeSchema,
} from './earn-result-schema.js';
export type { EarnLine, EarnResult, RuleEntry, TierOutcome } from './earn-result-schema.js';
export { IST_OFFSET_MINUTES, rulesetV1Schema } from './ruleset-v1-schema.js';
export type { RulesetV1, RulesetV1Input } from './ruleset-v1-schema.js';
export { earnRateSchema, roundingModeSchema } from './earn-rate-schema.js';
export type { EarnRate } from './earn-rate-schema.js';
export { ROUNDING_MODES } from './int-math.js';
export type { RoundingMode } from './int-math.js';
export { DAYS_OF_WEEK } from './local-time.js';
export type { DayOfWeek } from './local-time.js';
export { hoursSchema, timeWindowSchema } from './time-window-schema.js';
export type { Hours, TimeWindow } from './time-window-schema.js';
export { MAX_BONUS_POINTS, promotionRewardSchema, promotionSchema } from './promotion-schema.js';
export type { Promotion, PromotionReward } from './promotion-schema.js';
export { tierLevelSchema, tierProgramSchema } from './tier-schema.js';
export type { TierLevel, TierProgram } from './tier-schema.js';
export { firstPurchaseBonusSchema, visitBonusSchema } from './visit-bonus-schema.js';
export type { FirstPurchaseBonus, VisitBonus } from './visit-bonus-schema.js';
export { ruleBillLineSchema, ruleBillSchema } from './rule-bill-schema.js';
export type { RuleBill, RuleBillLine } from './rule-bill-schema.js';
export { ruleMemberSchema } from './rule-member-schema.js';
export type { RuleMember, RuleMemberInput } from './rule-member-schema.js';
export { evaluateEarn } from './evaluate-earn.js';
export { reversalPoints } from './reversal-points.js';
export { promotionPointsOf } from './promotion-points-of.js';
export { diffEarn } from './diff-earn.js';
export type { EarnClaim, EarnMismatch } from './diff-earn.js';
export { RULES_ERROR_CODES, RulesError, isRulesError } from './rules-error.js';
export type { RulesErrorCode, RulesIssue } from './rules-error.js';
export { rulesJsonSchema } from './json-schema.js';

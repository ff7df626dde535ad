/**
 * tillpoints/protocol: the wire messages between a till and the ledger, as zod
 * schemas (validated on both sides) and the types inferred from them.
 */
export { PROTOCOL_VERSION } from './version.js';
export type { ProtocolVersion } from './version.js';
export {
  MAX_AMOUNT,
  MAX_BALANCE,
  MAX_INSTANT_MS,
  MIN_BALANCE,
  MIN_INSTANT_MS,
  adjustmentPointsSchema,
  idSchema,
  instantSchema,
  paiseSchema,
  pointsSchema,
  positivePointsSchema,
  seqSchema,
  ulidSchema,
  ulidTimeMs,
  versionSchema,
} from './primitives.js';
export { maskIndianMobile, normalizeIndianMobile } from './phone.js';
export { UNSTORABLE_TEXT_MESSAGE, unstorableTextPath } from './storable-text.js';
export { billLineV1Schema, billRefV1Schema } from './bill.js';
export type { BillLineV1, BillRefV1 } from './bill.js';
export {
  INTENT_KINDS,
  REDEMPTION_BASES,
  accrueIntentV1Schema,
  adjustIntentV1Schema,
  enrolIntentV1Schema,
  intentPoints,
  intentV1Schema,
  managerApprovalV1Schema,
  memberSnapshotV1Schema,
  redeemIntentV1Schema,
  reverseIntentV1Schema,
} from './intent.js';
export type {
  AccrueIntentV1,
  AdjustIntentV1,
  EnrolIntentV1,
  RedemptionBasis,
  IntentKind,
  IntentV1,
  ManagerApprovalV1,
  MemberSnapshotV1,
  RedeemIntentV1,
  ReverseIntentV1,
} from './intent.js';
export { memberBalanceV1Schema } from './balance.js';
export type { MemberBalanceV1 } from './balance.js';
export { REJECTION_REASONS, rejectionReasonSchema } from './rejection.js';
export type { RejectionReason } from './rejection.js';
export {
  MAX_PUSH_BATCH,
  appliedOutcomeV1Schema,
  duplicateOutcomeV1Schema,
  finalOutcomeV1Schema,
  pushEnvelopeV1Schema,
  pushRequestV1Schema,
  pushResponseV1Schema,
  pushResultV1Schema,
  rejectedOutcomeV1Schema,
} from './push.js';
export type {
  AppliedOutcomeV1,
  DuplicateOutcomeV1,
  FinalOutcomeV1,
  PushEnvelopeV1,
  PushRequestV1,
  PushResponseV1,
  PushResultV1,
  RejectedOutcomeV1,
} from './push.js';
export { MAX_PULL_MEMBERS, memberChangeV1Schema, pullRequestV1Schema, pullResponseV1Schema } from './pull.js';
export type { MemberChangeV1, PullRequestV1, PullResponseV1 } from './pull.js';
export { STREAM_EVENTS, streamHoldsV1Schema, streamRequestV1Schema, streamRulesetV1Schema } from './stream.js';
export type { StreamEvent, StreamHoldsV1, StreamRequestV1, StreamRulesetV1 } from './stream.js';
export {
  cardNumberSchema,
  maskedPhoneSchema,
  memberLookupResponseV1Schema,
  memberLookupV1Schema,
  memberV1Schema,
  phoneInputSchema,
} from './member.js';
export type { MemberLookupResponseV1, MemberLookupV1, MemberV1 } from './member.js';
export { LEDGER_ERROR_CODES, errorResponseV1Schema, validationIssueSchema } from './error-response.js';
export type { ErrorResponseV1, LedgerErrorCode, ValidationIssue } from './error-response.js';
export {
  adminAdjustRequestV1Schema,
  adminAdjustResponseV1Schema,
  adminAdjustmentV1Schema,
  createMembersRequestV1Schema,
  createMembersResponseV1Schema,
  createTerminalRequestV1Schema,
  createTerminalResponseV1Schema,
  newMemberV1Schema,
  trialBalanceV1Schema,
} from './admin.js';
export type {
  AdminAdjustRequestV1,
  AdminAdjustResponseV1,
  AdminAdjustmentV1,
  CreateMembersRequestV1,
  CreateMembersResponseV1,
  CreateTerminalRequestV1,
  CreateTerminalResponseV1,
  NewMemberV1,
  TrialBalanceV1,
} from './admin.js';
export {
  adminKeyIdSchema,
  adminKeyV1Schema,
  createAdminKeyRequestV1Schema,
  createAdminKeyResponseV1Schema,
  listAdminKeysResponseV1Schema,
  revokeAdminKeyResponseV1Schema,
} from './admin-key.js';
export type {
  AdminKeyV1,
  CreateAdminKeyRequestV1,
  CreateAdminKeyResponseV1,
  ListAdminKeysResponseV1,
  RevokeAdminKeyResponseV1,
} from './admin-key.js';
export { earnReviewV1Schema, publishRulesetRequestV1Schema, rulesetResponseV1Schema } from './ruleset.js';
export type { EarnReviewV1, PublishRulesetRequestV1, RulesetResponseV1 } from './ruleset.js';
export { protocolJsonSchema, protocolV1Messages } from './json-schema.js';
export {
  activityV1Schema,
  ledgerLimitsV1Schema,
  ledgerReportV1Schema,
  limitsResponseV1Schema,
  managerResponseV1Schema,
  registerManagerRequestV1Schema,
  setLimitsRequestV1Schema,
} from './authority.js';
export type {
  ActivityV1,
  LedgerLimitsV1,
  LedgerReportV1,
  LimitsResponseV1,
  ManagerResponseV1,
  RegisterManagerRequestV1,
  SetLimitsRequestV1,
} from './authority.js';
export {
  DEFAULT_REDEMPTION_POLICY,
  OFFLINE_REDEMPTION_MODES,
  SHORTFALL_RULES,
  resolvedRedemptionPolicyV1Schema,
  tillPolicyResponseV1Schema,
} from './redemption-policy.js';
export type { OfflineRedemptionMode, ResolvedRedemptionPolicyV1, ShortfallRule, TillPolicyResponseV1 } from './redemption-policy.js';
export {
  redemptionPoliciesResponseV1Schema,
  redemptionPolicyV1Schema,
  setRedemptionPolicyRequestV1Schema,
} from './redemption-policy-settings.js';
export type {
  RedemptionPoliciesResponseV1,
  RedemptionPolicyV1,
  SetRedemptionPolicyRequestV1,
} from './redemption-policy-settings.js';
export {
  HOLD_KINDS,
  HOLD_STATES,
  MAX_ALLOWANCE_MEMBERS,
  allowancesRequestV1Schema,
  allowancesResponseV1Schema,
  holdResponseV1Schema,
  holdV1Schema,
  placeHoldRequestV1Schema,
  releaseAllowancesRequestV1Schema,
  releaseAllowancesResponseV1Schema,
  voidHoldRequestV1Schema,
} from './hold.js';
export type {
  AllowancesRequestV1,
  AllowancesResponseV1,
  HoldKind,
  HoldResponseV1,
  HoldState,
  HoldV1,
  PlaceHoldRequestV1,
  ReleaseAllowancesRequestV1,
  ReleaseAllowancesResponseV1,
  VoidHoldRequestV1,
} from './hold.js';
export { redemptionActivityV1Schema, redemptionReportV1Schema } from './redemption-report.js';
export type { RedemptionActivityV1, RedemptionReportV1 } from './redemption-report.js';
export { registerIncarnationRequestV1Schema, registerIncarnationResponseV1Schema } from './incarnation.js';
export type { RegisterIncarnationRequestV1, RegisterIncarnationResponseV1 } from './incarnation.js';
export { gapReportV1Schema, seqGapV1Schema } from './gap-report.js';
export type { GapReportV1, SeqGapV1 } from './gap-report.js';

import * as z from 'zod/mini';
import {
  adminAdjustRequestV1Schema,
  adminAdjustResponseV1Schema,
  createMembersRequestV1Schema,
  createMembersResponseV1Schema,
  createTerminalRequestV1Schema,
  createTerminalResponseV1Schema,
  trialBalanceV1Schema,
} from './admin.js';
import {
  createAdminKeyRequestV1Schema,
  createAdminKeyResponseV1Schema,
  listAdminKeysResponseV1Schema,
  revokeAdminKeyResponseV1Schema,
} from './admin-key.js';
import {
  ledgerReportV1Schema,
  limitsResponseV1Schema,
  managerResponseV1Schema,
  registerManagerRequestV1Schema,
  setLimitsRequestV1Schema,
} from './authority.js';
import { errorResponseV1Schema } from './error-response.js';
import {
  allowancesRequestV1Schema,
  allowancesResponseV1Schema,
  holdResponseV1Schema,
  placeHoldRequestV1Schema,
  releaseAllowancesRequestV1Schema,
  releaseAllowancesResponseV1Schema,
  voidHoldRequestV1Schema,
} from './hold.js';
import { gapReportV1Schema } from './gap-report.js';
import { registerIncarnationRequestV1Schema, registerIncarnationResponseV1Schema } from './incarnation.js';
import { tillPolicyResponseV1Schema } from './redemption-policy.js';
import { redemptionPoliciesResponseV1Schema, setRedemptionPolicyRequestV1Schema } from './redemption-policy-settings.js';
import { redemptionReportV1Schema } from './redemption-report.js';
import { intentV1Schema } from './intent.js';
import { memberLookupResponseV1Schema, memberLookupV1Schema } from './member.js';
import { pullRequestV1Schema, pullResponseV1Schema } from './pull.js';
import { pushRequestV1Schema, pushResponseV1Schema } from './push.js';
import { streamHoldsV1Schema, streamRequestV1Schema, streamRulesetV1Schema } from './stream.js';
import { PROTOCOL_VERSION } from './version.js';

/** Every wire message of protocol v1 by name, for code generation in other languages. */
export const protocolV1Messages = {
  IntentV1: intentV1Schema,
  PushRequestV1: pushRequestV1Schema,
  PushResponseV1: pushResponseV1Schema,
  PullRequestV1: pullRequestV1Schema,
  PullResponseV1: pullResponseV1Schema,
  MemberLookupV1: memberLookupV1Schema,
  MemberLookupResponseV1: memberLookupResponseV1Schema,
  ErrorResponseV1: errorResponseV1Schema,
  CreateMembersRequestV1: createMembersRequestV1Schema,
  CreateMembersResponseV1: createMembersResponseV1Schema,
  CreateTerminalRequestV1: createTerminalRequestV1Schema,
  CreateTerminalResponseV1: createTerminalResponseV1Schema,
  AdminAdjustRequestV1: adminAdjustRequestV1Schema,
  AdminAdjustResponseV1: adminAdjustResponseV1Schema,
  TrialBalanceV1: trialBalanceV1Schema,
  ListAdminKeysResponseV1: listAdminKeysResponseV1Schema,
  CreateAdminKeyRequestV1: createAdminKeyRequestV1Schema,
  CreateAdminKeyResponseV1: createAdminKeyResponseV1Schema,
  RevokeAdminKeyResponseV1: revokeAdminKeyResponseV1Schema,
  SetLimitsRequestV1: setLimitsRequestV1Schema,
  LimitsResponseV1: limitsResponseV1Schema,
  RegisterManagerRequestV1: registerManagerRequestV1Schema,
  ManagerResponseV1: managerResponseV1Schema,
  LedgerReportV1: ledgerReportV1Schema,
  PlaceHoldRequestV1: placeHoldRequestV1Schema,
  VoidHoldRequestV1: voidHoldRequestV1Schema,
  HoldResponseV1: holdResponseV1Schema,
  AllowancesRequestV1: allowancesRequestV1Schema,
  AllowancesResponseV1: allowancesResponseV1Schema,
  ReleaseAllowancesRequestV1: releaseAllowancesRequestV1Schema,
  ReleaseAllowancesResponseV1: releaseAllowancesResponseV1Schema,
  RedemptionReportV1: redemptionReportV1Schema,
  SetRedemptionPolicyRequestV1: setRedemptionPolicyRequestV1Schema,
  RedemptionPoliciesResponseV1: redemptionPoliciesResponseV1Schema,
  TillPolicyResponseV1: tillPolicyResponseV1Schema,
  RegisterIncarnationRequestV1: registerIncarnationRequestV1Schema,
  RegisterIncarnationResponseV1: registerIncarnationResponseV1Schema,
  GapReportV1: gapReportV1Schema,
  StreamRequestV1: streamRequestV1Schema,
  StreamRulesetV1: streamRulesetV1Schema,
  StreamHoldsV1: streamHoldsV1Schema,
} as const;

/**
 * The whole protocol as one JSON Schema document (draft 2020-12), each message under
 * `$defs`, so a brand can implement the ledger side in any language.
 */
export function protocolJsonSchema(): Record<string, unknown> {
  const $defs: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(protocolV1Messages)) {
    const { $schema: _drop, ...body } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    $defs[name] = body;
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://tillpoints.dev/protocol/${PROTOCOL_VERSION}.schema.json`,
    title: `tillpoints protocol ${PROTOCOL_VERSION}`,
    $defs,
  };
}

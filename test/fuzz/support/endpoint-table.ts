import * as z from 'zod/mini';
import {
  adminKeyIdSchema,
  createAdminKeyRequestV1Schema,
  createAdminKeyResponseV1Schema,
  instantSchema,
  ledgerReportV1Schema,
  limitsResponseV1Schema,
  listAdminKeysResponseV1Schema,
  managerResponseV1Schema,
  registerManagerRequestV1Schema,
  revokeAdminKeyResponseV1Schema,
  setLimitsRequestV1Schema,
  adminAdjustRequestV1Schema,
  adminAdjustResponseV1Schema,
  createMembersRequestV1Schema,
  createMembersResponseV1Schema,
  createTerminalRequestV1Schema,
  createTerminalResponseV1Schema,
  idSchema,
  memberLookupResponseV1Schema,
  memberLookupV1Schema,
  pullRequestV1Schema,
  pullResponseV1Schema,
  pushRequestV1Schema,
  publishRulesetRequestV1Schema,
  pushResponseV1Schema,
  rulesetResponseV1Schema,
  trialBalanceV1Schema,
  allowancesRequestV1Schema,
  allowancesResponseV1Schema,
  holdResponseV1Schema,
  placeHoldRequestV1Schema,
  redemptionPoliciesResponseV1Schema,
  releaseAllowancesRequestV1Schema,
  releaseAllowancesResponseV1Schema,
  setRedemptionPolicyRequestV1Schema,
  tillPolicyResponseV1Schema,
  ulidSchema,
  voidHoldRequestV1Schema,
  redemptionReportV1Schema,
  gapReportV1Schema,
  registerIncarnationRequestV1Schema,
  registerIncarnationResponseV1Schema,
} from '../../../src/protocol/index.js';
import {
  createWebhookRequestV1Schema,
  createWebhookResponseV1Schema,
  deadLettersResponseV1Schema,
  deleteWebhookResponseV1Schema,
  listWebhooksResponseV1Schema,
  replayWebhookRequestV1Schema,
  replayWebhookResponseV1Schema,
  subscriptionIdSchema,
  webhookActionRequestV1Schema,
  webhookResponseV1Schema,
} from '../../../src/ledger/webhooks/webhook-admin-schemas.js';
import { ANCHORS, type Anchor } from './anchors.js';
import { LEARNERS, type Learn } from './learn.js';

/** Who may call an endpoint (as in the ledger's routes). */
export type AuthKind = 'public' | 'terminal' | 'admin' | 'any';

/**
 * What a successful call may change: `nothing` (reads), `intents` (pushes and adjustments:
 * only what the intents answered `applied` moved), `other` (enrolments, terminals, rulesets).
 */
export type Writes = 'nothing' | 'intents' | 'other';

/** One endpoint of the ledger, as the fuzzer sees it. */
export interface Endpoint {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  /** Path pattern, `:name` for a parameter. */
  readonly path: string;
  readonly auth: AuthKind;
  readonly params?: z.ZodMiniType;
  readonly query?: z.ZodMiniType;
  readonly body?: z.ZodMiniType;
  readonly response: z.ZodMiniType;
  readonly writes: Writes;
  readonly anchor?: Anchor;
  readonly learn?: Learn;
}

const none = z.strictObject({});
const subscription = z.strictObject({ subscriptionId: subscriptionIdSchema });
const envelopeOnly = webhookActionRequestV1Schema;
const health = z.object({ ok: z.literal(true), protocol: z.literal('v1'), database: z.string() });
const revoked = z.object({ protocol: z.literal('v1'), terminalId: z.string(), revoked: z.literal(true) });

/** Every endpoint of the ledger: a new endpoint is one more line. */
export const ENDPOINTS: readonly Endpoint[] = [
  { name: 'health', method: 'GET', path: '/v1/health', auth: 'public', response: health, writes: 'nothing' },
  { name: 'push', method: 'POST', path: '/v1/push', auth: 'terminal', body: pushRequestV1Schema, response: pushResponseV1Schema, writes: 'intents', anchor: ANCHORS.push, learn: LEARNERS.push },
  { name: 'pull', method: 'POST', path: '/v1/pull', auth: 'terminal', body: pullRequestV1Schema, response: pullResponseV1Schema, writes: 'nothing', anchor: ANCHORS.pull, learn: LEARNERS.pull },
  { name: 'member lookup', method: 'GET', path: '/v1/members/lookup', auth: 'any', query: memberLookupV1Schema, response: memberLookupResponseV1Schema, writes: 'nothing', anchor: ANCHORS.lookup },
  { name: 'admin members', method: 'POST', path: '/v1/admin/members', auth: 'admin', body: createMembersRequestV1Schema, response: createMembersResponseV1Schema, writes: 'other', anchor: ANCHORS.members, learn: LEARNERS.members },
  { name: 'admin terminals', method: 'POST', path: '/v1/admin/terminals', auth: 'admin', body: createTerminalRequestV1Schema, response: createTerminalResponseV1Schema, writes: 'other', anchor: ANCHORS.terminals, learn: LEARNERS.terminals },
  { name: 'terminal revoke', method: 'POST', path: '/v1/admin/terminals/:terminalId/revoke', auth: 'admin', params: z.strictObject({ terminalId: idSchema }), response: revoked, writes: 'other', anchor: ANCHORS.revoke, learn: LEARNERS.revoke },
  { name: 'admin adjustments', method: 'POST', path: '/v1/admin/adjustments', auth: 'admin', body: adminAdjustRequestV1Schema, response: adminAdjustResponseV1Schema, writes: 'intents', anchor: ANCHORS.adjustments },
  { name: 'trial balance', method: 'GET', path: '/v1/admin/trial-balance', auth: 'admin', query: none, response: trialBalanceV1Schema, writes: 'nothing' },
  { name: 'rulesets publish', method: 'POST', path: '/v1/admin/rulesets', auth: 'admin', body: publishRulesetRequestV1Schema, response: rulesetResponseV1Schema, writes: 'other', anchor: ANCHORS.publish, learn: LEARNERS.publish },
  { name: 'rulesets current', method: 'GET', path: '/v1/rulesets/current', auth: 'any', response: rulesetResponseV1Schema, writes: 'nothing' },
  { name: 'admin keys list', method: 'GET', path: '/v1/admin/keys', auth: 'admin', query: none, response: listAdminKeysResponseV1Schema, writes: 'nothing' },
  { name: 'admin keys create', method: 'POST', path: '/v1/admin/keys', auth: 'admin', body: createAdminKeyRequestV1Schema, response: createAdminKeyResponseV1Schema, writes: 'other' },
  { name: 'admin key revoke', method: 'POST', path: '/v1/admin/keys/:keyId/revoke', auth: 'admin', params: z.strictObject({ keyId: adminKeyIdSchema }), response: revokeAdminKeyResponseV1Schema, writes: 'other' },
  { name: 'limits read', method: 'GET', path: '/v1/admin/limits', auth: 'admin', query: none, response: limitsResponseV1Schema, writes: 'nothing' },
  { name: 'limits set', method: 'POST', path: '/v1/admin/limits', auth: 'admin', body: setLimitsRequestV1Schema, response: limitsResponseV1Schema, writes: 'other' },
  { name: 'manager register', method: 'POST', path: '/v1/admin/managers', auth: 'admin', body: registerManagerRequestV1Schema, response: managerResponseV1Schema, writes: 'other' },
  { name: 'manager revoke', method: 'POST', path: '/v1/admin/managers/:storeId/:managerId/revoke', auth: 'admin', params: z.strictObject({ storeId: idSchema, managerId: idSchema }), response: managerResponseV1Schema, writes: 'other' },
  { name: 'report', method: 'GET', path: '/v1/admin/report', auth: 'admin', query: z.strictObject({ since: z.optional(instantSchema) }), response: ledgerReportV1Schema, writes: 'nothing' },
  { name: 'hold place', method: 'POST', path: '/v1/holds', auth: 'terminal', body: placeHoldRequestV1Schema, response: holdResponseV1Schema, writes: 'other', anchor: ANCHORS.hold },
  { name: 'hold void', method: 'POST', path: '/v1/holds/:holdId/void', auth: 'terminal', params: z.strictObject({ holdId: ulidSchema }), body: voidHoldRequestV1Schema, response: holdResponseV1Schema, writes: 'other', anchor: ANCHORS.tillEnvelope },
  { name: 'allowances grant', method: 'POST', path: '/v1/allowances', auth: 'terminal', body: allowancesRequestV1Schema, response: allowancesResponseV1Schema, writes: 'other', anchor: ANCHORS.allowances },
  { name: 'allowances release', method: 'POST', path: '/v1/allowances/release', auth: 'terminal', body: releaseAllowancesRequestV1Schema, response: releaseAllowancesResponseV1Schema, writes: 'other', anchor: ANCHORS.tillEnvelope },
  { name: 'policy set', method: 'POST', path: '/v1/admin/policy', auth: 'admin', body: setRedemptionPolicyRequestV1Schema, response: redemptionPoliciesResponseV1Schema, writes: 'other' },
  { name: 'policy read', method: 'GET', path: '/v1/admin/policy', auth: 'admin', query: none, response: redemptionPoliciesResponseV1Schema, writes: 'nothing' },
  { name: 'till policy', method: 'GET', path: '/v1/policy', auth: 'terminal', query: none, response: tillPolicyResponseV1Schema, writes: 'nothing' },
  { name: 'redemption report', method: 'GET', path: '/v1/admin/redemptions', auth: 'admin', query: z.strictObject({ since: z.optional(instantSchema) }), response: redemptionReportV1Schema, writes: 'nothing' },
  { name: 'incarnation register', method: 'POST', path: '/v1/incarnations', auth: 'terminal', body: registerIncarnationRequestV1Schema, response: registerIncarnationResponseV1Schema, writes: 'other', anchor: (draft, w, d) => d.chance(0.9) && Object.assign(draft.body as object, { terminalId: w.till.terminalId, storeId: w.till.storeId }) },
  { name: 'gap report', method: 'GET', path: '/v1/admin/gaps', auth: 'admin', query: none, response: gapReportV1Schema, writes: 'nothing' },
  { name: 'webhook create', method: 'POST', path: '/v1/admin/webhooks', auth: 'admin', body: createWebhookRequestV1Schema, response: createWebhookResponseV1Schema, writes: 'other' },
  { name: 'webhook list', method: 'GET', path: '/v1/admin/webhooks', auth: 'admin', query: none, response: listWebhooksResponseV1Schema, writes: 'nothing' },
  { name: 'webhook disable', method: 'POST', path: '/v1/admin/webhooks/:subscriptionId/disable', auth: 'admin', params: subscription, body: envelopeOnly, response: webhookResponseV1Schema, writes: 'other' },
  { name: 'webhook enable', method: 'POST', path: '/v1/admin/webhooks/:subscriptionId/enable', auth: 'admin', params: subscription, body: envelopeOnly, response: webhookResponseV1Schema, writes: 'other' },
  { name: 'webhook delete', method: 'POST', path: '/v1/admin/webhooks/:subscriptionId/delete', auth: 'admin', params: subscription, body: envelopeOnly, response: deleteWebhookResponseV1Schema, writes: 'other' },
  { name: 'webhook dead letters', method: 'GET', path: '/v1/admin/webhooks/:subscriptionId/dead-letters', auth: 'admin', params: subscription, query: z.strictObject({ limit: z.optional(z.string().check(z.regex(/^[0-9]{1,4}$/))) }), response: deadLettersResponseV1Schema, writes: 'nothing' },
  { name: 'webhook replay', method: 'POST', path: '/v1/admin/webhooks/:subscriptionId/replay', auth: 'admin', params: subscription, body: replayWebhookRequestV1Schema, response: replayWebhookResponseV1Schema, writes: 'other' },
];

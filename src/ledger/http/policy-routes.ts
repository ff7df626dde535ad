import * as z from 'zod/mini';
import {
  PROTOCOL_VERSION,
  instantSchema,
  redemptionReportV1Schema,
  redemptionPoliciesResponseV1Schema,
  setRedemptionPolicyRequestV1Schema,
  tillPolicyResponseV1Schema,
} from '../../protocol/index.js';
import { redemptionReport } from '../holds/redemption-report.js';
import { listRedemptionPolicies, saveRedemptionPolicy } from '../policy/redemption-policy-store.js';
import { resolvedPolicyFor } from '../policy/resolve-policy.js';
import { requireTerminal } from './authenticate.js';
import { parseRequest } from './parse-request.js';
import type { Route } from './route.js';

/** The redemption policy: set and read by the loyalty team, read by tills for their store; and the redemption report. */
export const policyRoutes: readonly Route[] = [
  {
    method: 'POST',
    auth: 'admin',
    path: '/v1/admin/policy',
    response: redemptionPoliciesResponseV1Schema,
    handle: async ({ db, body, redemptionPolicy, now }) => {
      const request = parseRequest(setRedemptionPolicyRequestV1Schema, await body());
      await saveRedemptionPolicy(db, request.storeId, request.policy, now().toISOString());
      return { protocol: PROTOCOL_VERSION, defaults: redemptionPolicy, ...(await listRedemptionPolicies(db)) };
    },
  },
  {
    method: 'GET',
    auth: 'admin',
    path: '/v1/admin/policy',
    response: redemptionPoliciesResponseV1Schema,
    handle: async ({ db, redemptionPolicy }) => {
      return { protocol: PROTOCOL_VERSION, defaults: redemptionPolicy, ...(await listRedemptionPolicies(db)) };
    },
  },
  {
    method: 'GET',
    auth: 'terminal',
    path: '/v1/policy',
    response: tillPolicyResponseV1Schema,
    handle: async ({ db, caller, now, redemptionPolicy }) => {
      const terminal = requireTerminal(caller);
      const at = now().toISOString();
      const policy = await resolvedPolicyFor(db, terminal.storeId, redemptionPolicy);
      return { protocol: PROTOCOL_VERSION, storeId: terminal.storeId, policy, ledgerTime: at };
    },
  },
  {
    method: 'GET',
    auth: 'admin',
    path: '/v1/admin/redemptions',
    response: redemptionReportV1Schema,
    handle: async ({ db, url }) => {
      const { since } = parseRequest(z.strictObject({ since: z.optional(instantSchema) }), Object.fromEntries(url.searchParams));
      return redemptionReport(db, since);
    },
  },
];

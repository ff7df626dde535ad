import * as z from 'zod/mini';
import {
  PROTOCOL_VERSION,
  idSchema,
  adminAdjustRequestV1Schema,
  adminAdjustResponseV1Schema,
  createMembersRequestV1Schema,
  createMembersResponseV1Schema,
  createTerminalRequestV1Schema,
  createTerminalResponseV1Schema,
  trialBalanceV1Schema,
  ulidTimeMs,
  type IntentV1,
} from '../../protocol/index.js';
import { applyIntents } from '../apply/apply-intents.js';
import { withTransactionRetry } from '../apply/retry-transaction.js';
import { ADMIN_TERMINAL_ID, createMembers } from '../store/member-store.js';
import { createTerminal, revokeTerminal } from '../store/terminal-store.js';
import { trialBalance } from '../store/trial-balance.js';
import { adminKeyRoutes } from './admin-key-routes.js';
import { LedgerHttpError } from './ledger-http-error.js';
import { parseRequest } from './parse-request.js';
import type { Route } from './route.js';

/** The endpoints of the loyalty team (admin keys only). */
export const adminRoutes: readonly Route[] = [
  {
    method: 'POST',
    auth: 'admin',
    path: '/v1/admin/members',
    status: 201,
    response: createMembersResponseV1Schema,
    handle: async ({ db, body, now, newId }) => {
      const request = parseRequest(createMembersRequestV1Schema, await body());
      const at = now().toISOString();
      const members = await withTransactionRetry(db, (tx) => createMembers(tx, request.members, at, newId));
      return { protocol: PROTOCOL_VERSION, members };
    },
  },
  {
    method: 'POST',
    auth: 'admin',
    path: '/v1/admin/terminals',
    status: 201,
    response: createTerminalResponseV1Schema,
    handle: async ({ db, body, now }) => {
      const request = parseRequest(createTerminalRequestV1Schema, await body());
      const apiKey = await createTerminal(db, request, now().toISOString());
      return { protocol: PROTOCOL_VERSION, terminalId: request.terminalId, storeId: request.storeId, apiKey };
    },
  },
  {
    method: 'POST',
    auth: 'admin',
    path: '/v1/admin/terminals/:terminalId/revoke',
    params: { terminalId: idSchema },
    response: z.object({
      protocol: z.literal(PROTOCOL_VERSION),
      terminalId: z.string(),
      revoked: z.literal(true),
    }),
    handle: async ({ db, params, now }) => {
      const terminalId = params.terminalId!;
      if (!(await revokeTerminal(db, terminalId, now().toISOString()))) {
        throw new LedgerHttpError(404, 'not_found', `no terminal ${terminalId}`);
      }
      return { protocol: PROTOCOL_VERSION, terminalId, revoked: true };
    },
  },
  {
    method: 'POST',
    auth: 'admin',
    path: '/v1/admin/adjustments',
    response: adminAdjustResponseV1Schema,
    handle: async ({ db, body, now }) => {
      const request = parseRequest(adminAdjustRequestV1Schema, await body());
      // Everything but the adjustment itself is derived from it, so that a retry of the
      // same adjustment (in any batch, at any time) has the same content.
      const intents: IntentV1[] = request.adjustments.map((a) => ({
        ...a,
        kind: 'adjust',
        terminalId: ADMIN_TERMINAL_ID,
        storeId: ADMIN_TERMINAL_ID,
        seq: 1,
        occurredAt: new Date(ulidTimeMs(a.intentId)).toISOString(),
      }));
      return { protocol: PROTOCOL_VERSION, results: await applyIntents(db, intents, now) };
    },
  },
  {
    method: 'GET',
    auth: 'admin',
    path: '/v1/admin/trial-balance',
    response: trialBalanceV1Schema,
    handle: async ({ db }) => {
      return trialBalance(db);
    },
  },
  ...adminKeyRoutes,
];

import * as z from 'zod/mini';
import {
  PROTOCOL_VERSION,
  idSchema,
  instantSchema,
  ledgerReportV1Schema,
  limitsResponseV1Schema,
  managerResponseV1Schema,
  registerManagerRequestV1Schema,
  setLimitsRequestV1Schema,
} from '../../protocol/index.js';
import { ledgerReport } from '../limits/ledger-report.js';
import { listLimits, saveLimits } from '../limits/limit-store.js';
import { registerManager, revokeManager } from '../managers/manager-store.js';
import { LedgerHttpError } from './ledger-http-error.js';
import { parseRequest } from './parse-request.js';
import type { Route } from './route.js';

/** The loyalty team's endpoints that bound what a till may do: limits, managers, the report. */
export const authorityRoutes: readonly Route[] = [
  {
    method: 'POST',
    auth: 'admin',
    path: '/v1/admin/limits',
    response: limitsResponseV1Schema,
    handle: async ({ db, body, limits, now }) => {
      const request = parseRequest(setLimitsRequestV1Schema, await body());
      await saveLimits(db, request.storeId, request.limits, now().toISOString());
      return { protocol: PROTOCOL_VERSION, defaults: limits, ...(await listLimits(db)) };
    },
  },
  {
    method: 'GET',
    auth: 'admin',
    path: '/v1/admin/limits',
    response: limitsResponseV1Schema,
    handle: async ({ db, limits }) => ({ protocol: PROTOCOL_VERSION, defaults: limits, ...(await listLimits(db)) }),
  },
  {
    method: 'POST',
    auth: 'admin',
    path: '/v1/admin/managers',
    status: 201,
    response: managerResponseV1Schema,
    handle: async ({ db, body, now }) => {
      const request = parseRequest(registerManagerRequestV1Schema, await body());
      await registerManager(db, request, now().toISOString());
      return { protocol: PROTOCOL_VERSION, storeId: request.storeId, managerId: request.managerId, revoked: false };
    },
  },
  {
    method: 'POST',
    auth: 'admin',
    path: '/v1/admin/managers/:storeId/:managerId/revoke',
    params: { storeId: idSchema, managerId: idSchema },
    response: managerResponseV1Schema,
    handle: async ({ db, params, now }) => {
      const { storeId, managerId } = params as { storeId: string; managerId: string };
      if (!(await revokeManager(db, storeId, managerId, now().toISOString()))) {
        throw new LedgerHttpError(404, 'not_found', `no manager ${managerId} at store ${storeId}`);
      }
      return { protocol: PROTOCOL_VERSION, storeId, managerId, revoked: true };
    },
  },
  {
    method: 'GET',
    auth: 'admin',
    path: '/v1/admin/report',
    response: ledgerReportV1Schema,
    handle: async ({ db, url }) => {
      const { since } = parseRequest(z.strictObject({ since: z.optional(instantSchema) }), Object.fromEntries(url.searchParams));
      return ledgerReport(db, since);
    },
  },
];

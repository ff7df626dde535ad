import {
  PROTOCOL_VERSION,
  adminKeyIdSchema,
  createAdminKeyRequestV1Schema,
  createAdminKeyResponseV1Schema,
  listAdminKeysResponseV1Schema,
  revokeAdminKeyResponseV1Schema,
} from '../../protocol/index.js';
import { createAdminKey, listAdminKeys, revokeAdminKey } from '../store/admin-key-store.js';
import { LedgerHttpError } from './ledger-http-error.js';
import { parseRequest } from './parse-request.js';
import type { Route } from './route.js';

/** The loyalty team's own keys: list, make, revoke (admin keys only). Rotation is make, then revoke. */
export const adminKeyRoutes: readonly Route[] = [
  {
    method: 'GET',
    auth: 'admin',
    path: '/v1/admin/keys',
    response: listAdminKeysResponseV1Schema,
    handle: async ({ db }) => ({ protocol: PROTOCOL_VERSION, keys: await listAdminKeys(db) }),
  },
  {
    method: 'POST',
    auth: 'admin',
    path: '/v1/admin/keys',
    status: 201,
    response: createAdminKeyResponseV1Schema,
    handle: async ({ db, body, now }) => {
      const request = parseRequest(createAdminKeyRequestV1Schema, await body());
      const { key, apiKey } = await createAdminKey(db, request.label, now().toISOString());
      return { protocol: PROTOCOL_VERSION, key, apiKey };
    },
  },
  {
    method: 'POST',
    auth: 'admin',
    path: '/v1/admin/keys/:keyId/revoke',
    params: { keyId: adminKeyIdSchema },
    response: revokeAdminKeyResponseV1Schema,
    handle: async ({ db, params, now }) => {
      const keyId = params.keyId!;
      const revoked = await revokeAdminKey(db, keyId, now().toISOString());
      if (revoked.outcome === 'not_found') throw new LedgerHttpError(404, 'not_found', `no admin key ${keyId}`);
      if (revoked.outcome === 'last_live_key') {
        throw new LedgerHttpError(
          409,
          'last_admin_key',
          `${keyId} is the last live admin key; make another first (POST /v1/admin/keys), so nobody is locked out`,
        );
      }
      return { protocol: PROTOCOL_VERSION, key: revoked.key };
    },
  },
];

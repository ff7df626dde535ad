import * as z from 'zod/mini';
import { instantSchema } from './primitives.js';
import { PROTOCOL_VERSION } from './version.js';

/** The public id of an admin key (`ak_` and 12 characters): names it, never reveals it. */
export const adminKeyIdSchema = z.string().check(z.regex(/^ak_[A-Za-z0-9_-]{12}$/, 'must be an admin key id (ak_...)'));

/** An admin key as the loyalty team sees it: never the key itself, nor its hash. */
export const adminKeyV1Schema = z.strictObject({
  keyId: adminKeyIdSchema,
  label: z.string().check(z.minLength(1), z.maxLength(120)),
  createdAt: instantSchema,
  revokedAt: z.nullable(instantSchema),
  /** When the key last opened an admin endpoint (to within a minute), or null if never. */
  lastUsedAt: z.nullable(instantSchema),
});
export type AdminKeyV1 = z.infer<typeof adminKeyV1Schema>;

/** `GET /v1/admin/keys`: every admin key, live and revoked, oldest first. */
export const listAdminKeysResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  keys: z.array(adminKeyV1Schema),
});
export type ListAdminKeysResponseV1 = z.infer<typeof listAdminKeysResponseV1Schema>;

/** `POST /v1/admin/keys`: makes a new admin key, named by a label. */
export const createAdminKeyRequestV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
});
export type CreateAdminKeyRequestV1 = z.infer<typeof createAdminKeyRequestV1Schema>;

/** The new key: `apiKey` is shown only in this answer and stored only hashed. */
export const createAdminKeyResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  key: adminKeyV1Schema,
  apiKey: z.string().check(z.startsWith('tp_admin_')),
});
export type CreateAdminKeyResponseV1 = z.infer<typeof createAdminKeyResponseV1Schema>;

/** `POST /v1/admin/keys/:keyId/revoke`: the key, now revoked (revoking twice changes nothing). */
export const revokeAdminKeyResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  key: adminKeyV1Schema,
});
export type RevokeAdminKeyResponseV1 = z.infer<typeof revokeAdminKeyResponseV1Schema>;

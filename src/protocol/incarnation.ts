import * as z from 'zod/mini';
import { idSchema, ulidSchema } from './primitives.js';
import { PROTOCOL_VERSION } from './version.js';

/**
 * `POST /v1/incarnations`: a till that starts on an empty local database (a new till, or one
 * whose browser storage was wiped) registers as a new incarnation before it sends anything.
 * Idempotent by `incarnationId` (made by the till). The ledger answers with `seqBase`: the
 * till numbers its intents after it on the wire, so no number the ledger saw is used again.
 */
export const registerIncarnationRequestV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  terminalId: idSchema,
  storeId: idSchema,
  incarnationId: ulidSchema,
});
export type RegisterIncarnationRequestV1 = z.infer<typeof registerIncarnationRequestV1Schema>;

export const registerIncarnationResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  incarnationId: ulidSchema,
  /** The till's wire seq is its local seq plus this. */
  seqBase: z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER)),
});
export type RegisterIncarnationResponseV1 = z.infer<typeof registerIncarnationResponseV1Schema>;

import * as z from 'zod/mini';
import { idSchema, instantSchema, seqSchema, ulidSchema } from './primitives.js';
import { PROTOCOL_VERSION } from './version.js';

/**
 * Intents a till made that the ledger never received:
 * - `missing`: numbers `fromSeq`..`toSeq` absent between numbers it did receive (lost or
 *   still quarantined at the till);
 * - `storage_reset`: the till started again on an empty database; what it made after
 *   `fromSeq - 1` (the last number the ledger had) and never sent is lost, `toSeq` unknown (null).
 */
export const seqGapV1Schema = z.strictObject({
  terminalId: idSchema,
  storeId: idSchema,
  kind: z.enum(['missing', 'storage_reset']),
  fromSeq: seqSchema,
  toSeq: z.nullable(seqSchema),
  /** When the ledger noticed: the first intent after the gap arrived, or the new incarnation registered. */
  detectedAt: instantSchema,
  incarnationId: z.nullable(ulidSchema),
});
export type SeqGapV1 = z.infer<typeof seqGapV1Schema>;

/** `GET /v1/admin/gaps`: every gap, by terminal then seq. */
export const gapReportV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  gaps: z.array(seqGapV1Schema),
});
export type GapReportV1 = z.infer<typeof gapReportV1Schema>;

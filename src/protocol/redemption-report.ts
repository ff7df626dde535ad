import * as z from 'zod/mini';
import { instantSchema } from './primitives.js';
import { PROTOCOL_VERSION } from './version.js';

/** Points redeemed, counted by what the till relied on (`legacy`: a till older than holds). */
const byBasis = z.strictObject({
  legacy: z.int(),
  hold: z.int(),
  allowance: z.int(),
  limit: z.int(),
  override: z.int(),
});

/** One store's or till's redemptions in the redemption report. */
export const redemptionActivityV1Schema = z.strictObject({
  /** Points redeemed (applied), by basis. */
  redeemed: byBasis,
  /** Points spent offline on `limit` or `override` basis: what the store risked. */
  exposure: z.int(),
  /** Shortfalls found at reconciliation, by who carries them. */
  shortfall: z.strictObject({ memberDebt: z.int(), storeRisk: z.int() }),
  /** Points held now in open holds and allowances. */
  openHeld: z.int(),
});
export type RedemptionActivityV1 = z.infer<typeof redemptionActivityV1Schema>;

/** `GET /v1/admin/redemptions?since=`: what was redeemed on which basis, exposure and loss, per store and till. */
export const redemptionReportV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  since: z.nullable(instantSchema),
  stores: z.array(z.extend(redemptionActivityV1Schema, { storeId: z.string() })),
  terminals: z.array(z.extend(redemptionActivityV1Schema, { terminalId: z.string(), storeId: z.string() })),
});
export type RedemptionReportV1 = z.infer<typeof redemptionReportV1Schema>;

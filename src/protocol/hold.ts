import * as z from 'zod/mini';
import { memberBalanceV1Schema } from './balance.js';
import { idSchema, instantSchema, pointsSchema, positivePointsSchema, ulidSchema } from './primitives.js';
import { PROTOCOL_VERSION } from './version.js';

/**
 * Points held at the ledger, out of the member's available balance until captured, voided or
 * expired (by the ledger's clock). Modelled on two-phase transfers (pending, post, void, timeout):
 * - a `hold` is placed by a till for a bill in progress and captured (once, possibly for less)
 *   by the bill's redemption, basis `hold`;
 * - an `allowance` is granted to a till ahead of an outage; its redemptions (basis `allowance`)
 *   capture from it, each what it spends, until it expires or the till releases the rest.
 */
export const HOLD_KINDS = ['hold', 'allowance'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

/**
 * - `open`: holding points.
 * - `captured`: a hold captured by its redemption (what was not spent went back).
 * - `voided`: a hold voided by the till (the bill was cancelled).
 * - `released`: an allowance the till gave back (its remainder went back).
 * - `expired`: the ledger's clock passed `expiresAt`; the remainder went back.
 */
export const HOLD_STATES = ['open', 'captured', 'voided', 'released', 'expired'] as const;
export type HoldState = (typeof HOLD_STATES)[number];

/** A hold or allowance as the ledger tells a till about it. */
export const holdV1Schema = z.strictObject({
  holdId: ulidSchema,
  kind: z.enum(HOLD_KINDS),
  memberId: idSchema,
  terminalId: idSchema,
  storeId: idSchema,
  /** Points held when placed. */
  points: positivePointsSchema,
  /** Points captured by redemptions so far. */
  captured: pointsSchema,
  state: z.enum(HOLD_STATES),
  /** When the ledger releases it, by the ledger's clock. */
  expiresAt: instantSchema,
});
export type HoldV1 = z.infer<typeof holdV1Schema>;

/**
 * `POST /v1/holds`: a till places a hold for a bill in progress. Idempotent by `holdId` (made by
 * the till): the same request again answers the same hold; other content under that id is
 * `409 hold_conflict`. Short of points: `409 insufficient_points`.
 */
export const placeHoldRequestV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  terminalId: idSchema,
  storeId: idSchema,
  holdId: ulidSchema,
  memberId: idSchema,
  points: positivePointsSchema,
  billId: z.optional(idSchema),
});
export type PlaceHoldRequestV1 = z.infer<typeof placeHoldRequestV1Schema>;

/**
 * `POST /v1/holds/:holdId/void`: the bill was cancelled. Idempotent: voiding a voided hold
 * answers it again; a captured or expired one is `409 hold_closed`.
 */
export const voidHoldRequestV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  terminalId: idSchema,
  storeId: idSchema,
});
export type VoidHoldRequestV1 = z.infer<typeof voidHoldRequestV1Schema>;

/** The answer about one hold: the hold, the member's balance after, and the ledger's clock. */
export const holdResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  hold: holdV1Schema,
  balance: memberBalanceV1Schema,
  /** The ledger's clock when it answered: a till measures the time left against it, not its own clock. */
  ledgerTime: instantSchema,
});
export type HoldResponseV1 = z.infer<typeof holdResponseV1Schema>;

/** Most members one allowance request may name. */
export const MAX_ALLOWANCE_MEMBERS = 200;

/**
 * `POST /v1/allowances`: a till asks for allowances, for the members it names and/or for up
 * to `frequent` of its store's most frequent members, in one call. Members with an open
 * allowance for this till get it back (renewed when more than half its life is gone).
 */
export const allowancesRequestV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  terminalId: idSchema,
  storeId: idSchema,
  memberIds: z.optional(z.array(idSchema).check(z.maxLength(MAX_ALLOWANCE_MEMBERS))),
  frequent: z.optional(z.int().check(z.minimum(1), z.maximum(MAX_ALLOWANCE_MEMBERS))),
});
export type AllowancesRequestV1 = z.infer<typeof allowancesRequestV1Schema>;

/** The allowances granted (members with no available points get none), each with the member's balance after. */
export const allowancesResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  allowances: z.array(z.strictObject({ allowance: holdV1Schema, balance: memberBalanceV1Schema })),
  ledgerTime: instantSchema,
});
export type AllowancesResponseV1 = z.infer<typeof allowancesResponseV1Schema>;

/** `POST /v1/allowances/release`: the till gives back what is left of these allowances. Idempotent. */
export const releaseAllowancesRequestV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  terminalId: idSchema,
  storeId: idSchema,
  allowanceIds: z.array(ulidSchema).check(z.minLength(1), z.maxLength(MAX_ALLOWANCE_MEMBERS)),
});
export type ReleaseAllowancesRequestV1 = z.infer<typeof releaseAllowancesRequestV1Schema>;

/** The allowances as they are after the release, each with the member's balance. */
export const releaseAllowancesResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  allowances: z.array(z.strictObject({ allowance: holdV1Schema, balance: memberBalanceV1Schema })),
  ledgerTime: instantSchema,
});
export type ReleaseAllowancesResponseV1 = z.infer<typeof releaseAllowancesResponseV1Schema>;

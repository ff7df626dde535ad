import * as z from 'zod/mini';
import { MAX_BALANCE, MIN_BALANCE, idSchema, instantSchema, versionSchema } from './primitives.js';

// A balance may go below zero when a return takes back points already spent.
const signedPoints = z.int().check(z.minimum(MIN_BALANCE), z.maximum(MAX_BALANCE));

/**
 * A member's confirmed balance as the ledger holds it.
 * `available = points - held`: what can be redeemed now.
 */
export const memberBalanceV1Schema = z.strictObject({
  memberId: idSchema,
  points: signedPoints,
  held: z.int().check(z.minimum(0)),
  available: signedPoints,
  /** Increases by one with every movement on this member. */
  version: versionSchema,
  updatedAt: instantSchema,
});
export type MemberBalanceV1 = z.infer<typeof memberBalanceV1Schema>;

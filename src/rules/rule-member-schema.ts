import * as z from 'zod/mini';
import { MAX_AMOUNT, idSchema, pointsSchema } from '../protocol/primitives.js';

/**
 * What the engine needs to know about the member, as it stood before this bill. The ledger
 * owns these numbers; a till uses its cached copy (see the wiring notes in this folder's README).
 */
export const ruleMemberSchema = z.strictObject({
  /** The member's tier id; it sets the tier multiplier of this bill. */
  tier: idSchema,
  /** Points earned within the ruleset's tier window, before this bill. */
  qualifyingPoints: pointsSchema,
  /** Bills the member made before this one (0: this is the first purchase). */
  visits: z.int().check(z.minimum(0), z.maximum(MAX_AMOUNT)),
  /** Points already earned per promotion id, for `capPerMember`. @default {} */
  promotionPoints: z._default(z.record(idSchema, pointsSchema), {}),
});
/** The member, as parsed. */
export type RuleMember = z.output<typeof ruleMemberSchema>;
/** The member as written: `promotionPoints` may be left out. */
export type RuleMemberInput = z.input<typeof ruleMemberSchema>;

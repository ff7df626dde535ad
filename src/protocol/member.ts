import * as z from 'zod/mini';
import { memberBalanceV1Schema } from './balance.js';
import { idSchema } from './primitives.js';
import { PROTOCOL_VERSION } from './version.js';

/** A loyalty card number as printed: 4 to 32 letters or digits. */
export const cardNumberSchema = z.string().check(z.regex(/^[A-Za-z0-9]{4,32}$/, 'must be 4 to 32 letters or digits'));

/** A phone number as typed; the ledger and the SDK normalise Indian mobile numbers. */
export const phoneInputSchema = z.string().check(z.minLength(6), z.maxLength(24));

/** Find a member by exactly one of member id, card number or phone number. */
export const memberLookupV1Schema = z.union([
  z.strictObject({ memberId: idSchema }),
  z.strictObject({ card: cardNumberSchema }),
  z.strictObject({ phone: phoneInputSchema }),
]);
export type MemberLookupV1 = z.infer<typeof memberLookupV1Schema>;

/**
 * A mobile number with all but its first two and last two digits hidden, e.g.
 * `98XXXXXX10`: enough for staff to confirm a customer, not to call them.
 */
export const maskedPhoneSchema = z.string().check(z.regex(/^[6-9]\dX{6}\d{2}$/, 'must be a masked mobile number (98XXXXXX10)'));

/**
 * A member as the ledger shows them to the caller, with the confirmed balance. A till
 * gets `phone: null` and `maskedPhone` (personal data stays need-to-know); an admin key
 * gets both.
 */
export const memberV1Schema = z.strictObject({
  memberId: idSchema,
  cardNumber: z.nullable(cardNumberSchema),
  /** Ten-digit normalised mobile number. */
  phone: z.nullable(z.string().check(z.regex(/^[6-9]\d{9}$/))),
  /** The phone number masked (see {@link maskedPhoneSchema}), when the member has one. */
  maskedPhone: z.optional(maskedPhoneSchema),
  name: z.nullable(z.string().check(z.maxLength(120))),
  tier: z.string().check(z.minLength(1), z.maxLength(32)),
  balance: memberBalanceV1Schema,
  /** Bills the member made (accruals applied), for visit bonuses. */
  visits: z.int().check(z.minimum(0)),
  /** Points earned within the current ruleset's tier window. */
  qualifyingPoints: z.int().check(z.minimum(0)),
  /** Points earned so far per promotion id, for per-member caps. */
  promotionPoints: z.record(z.string(), z.int().check(z.minimum(0))),
});
export type MemberV1 = z.infer<typeof memberV1Schema>;

/** The answer to a member lookup. */
export const memberLookupResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  member: memberV1Schema,
  /** Looked up by a member id that was merged into `member` (see `enrolIntentV1Schema`): that id. */
  mergedFrom: z.optional(idSchema),
});
export type MemberLookupResponseV1 = z.infer<typeof memberLookupResponseV1Schema>;

import * as z from 'zod/mini';
import { memberBalanceV1Schema } from '../../protocol/balance.js';

/**
 * Every event type a webhook subscription can receive, by what moved:
 * - points: `points.earned` (an accrual), `points.redeemed`, `points.returned` (a return
 *   reversing a bill or a redemption), `points.adjusted` (a manager's or the loyalty team's correction);
 * - `tier.changed`;
 * - holds: `hold.placed`, `hold.captured`, `hold.voided`, `hold.released`, `hold.expired`;
 * - allowances: `allowance.granted`, `allowance.captured`, `allowance.voided`, `allowance.released`, `allowance.expired`;
 * - members: `member.enrolled`, `member.merged` (an id a till made became an alias of this member).
 */
export const WEBHOOK_EVENT_TYPES = [
  'points.earned',
  'points.redeemed',
  'points.returned',
  'points.adjusted',
  'tier.changed',
  'hold.placed',
  'hold.captured',
  'hold.voided',
  'hold.released',
  'hold.expired',
  'allowance.granted',
  'allowance.captured',
  'allowance.voided',
  'allowance.released',
  'allowance.expired',
  'member.enrolled',
  'member.merged',
] as const;
/** One of {@link WEBHOOK_EVENT_TYPES}. */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const text = z.string();
const where = { storeId: z.optional(text), terminalId: z.optional(text) };

/** An applied intent: `points` is its amount (an adjustment's signed), `balance` the member's after it. */
export const pointsEventDataSchema = z.object({
  intentId: text,
  points: z.int(),
  balance: memberBalanceV1Schema,
  billId: z.optional(text),
  /** A return's: the intent it reversed. */
  originalIntentId: z.optional(text),
  ...where,
});

/** A hold or allowance: its points, what was captured so far, and the member's balance at the commit. */
export const holdEventDataSchema = z.object({
  holdId: text,
  points: z.int(),
  captured: z.int(),
  billId: z.optional(text),
  expiresAt: text,
  balance: memberBalanceV1Schema,
  ...where,
});

/** A member's tier moved, up or down. */
export const tierEventDataSchema = z.object({ from: text, to: text, balance: memberBalanceV1Schema });

/** A member enrolled at a till (`intentId`, store, terminal) or made by the loyalty team (none of them). */
export const enrolledEventDataSchema = z.object({ intentId: z.optional(text), tier: text, balance: memberBalanceV1Schema, ...where });

/** An id a till made for a customer who already was a member: it now names this member. */
export const mergedEventDataSchema = z.object({ aliasId: text, intentId: text, balance: memberBalanceV1Schema });

const envelope = {
  /** The event's ULID: the idempotency id. A redelivery or a replay carries the same one. */
  id: text,
  memberId: text,
  /** The member's event number: 1, 2, 3 ... with no gaps, in the order the ledger committed them. */
  sequence: z.int(),
  occurredAt: text,
};

/** The JSON body of every webhook POST (the same bytes for every subscription). */
export const webhookEventSchema = z.discriminatedUnion('type', [
  z.object({ ...envelope, type: z.enum(['points.earned', 'points.redeemed', 'points.returned', 'points.adjusted']), data: pointsEventDataSchema }),
  z.object({ ...envelope, type: z.literal('tier.changed'), data: tierEventDataSchema }),
  z.object({
    ...envelope,
    type: z.enum([
      'hold.placed', 'hold.captured', 'hold.voided', 'hold.released', 'hold.expired',
      'allowance.granted', 'allowance.captured', 'allowance.voided', 'allowance.released', 'allowance.expired',
    ]),
    data: holdEventDataSchema,
  }),
  z.object({ ...envelope, type: z.literal('member.enrolled'), data: enrolledEventDataSchema }),
  z.object({ ...envelope, type: z.literal('member.merged'), data: mergedEventDataSchema }),
]);
/** One event as a receiver gets it. */
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

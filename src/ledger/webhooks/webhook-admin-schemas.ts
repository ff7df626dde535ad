import * as z from 'zod/mini';
import { instantSchema, ulidSchema } from '../../protocol/primitives.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { WEBHOOK_EVENT_TYPES } from './webhook-event.js';

// The ledger's own admin messages for webhooks: ledger-only, never in a till's bundle.

/** A subscription's id: `wh_` and a ULID. */
export const subscriptionIdSchema = z.string().check(z.regex(/^wh_[0-7][0-9A-HJKMNP-TV-Z]{25}$/, 'must be a webhook subscription id (wh_...)'));

/** Where deliveries go: an absolute http(s) URL without credentials. */
const receiverUrlSchema = z.string().check(
  z.maxLength(2000),
  z.refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'must be an absolute http or https URL without user or password'),
);

/** `POST /v1/admin/webhooks`: subscribe a receiver to some (default all) event types. */
export const createWebhookRequestV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  url: receiverUrlSchema,
  eventTypes: z.optional(z.array(z.enum(WEBHOOK_EVENT_TYPES)).check(z.minLength(1), z.maxLength(WEBHOOK_EVENT_TYPES.length * 2))),
  description: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
});

/** A subscription as listed (never its secret). */
export const webhookSubscriptionV1Schema = z.strictObject({
  subscriptionId: subscriptionIdSchema,
  url: z.string(),
  eventTypes: z.optional(z.array(z.enum(WEBHOOK_EVENT_TYPES))),
  description: z.optional(z.string()),
  createdAt: instantSchema,
  disabledAt: z.optional(instantSchema),
  pending: z.int(),
  deadLetters: z.int(),
});

/** The answer to a create: the subscription and its signing secret, shown this once. */
export const createWebhookResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  subscription: webhookSubscriptionV1Schema,
  secret: z.string().check(z.regex(/^whsec_[A-Za-z0-9_-]{43}$/)),
});

/** `GET /v1/admin/webhooks`. */
export const listWebhooksResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  subscriptions: z.array(webhookSubscriptionV1Schema),
});

/** The body of `.../disable`, `.../enable` and `.../delete`: the envelope only. */
export const webhookActionRequestV1Schema = z.strictObject({ protocol: z.literal(PROTOCOL_VERSION) });

/** `.../disable`, `.../enable`: the subscription as it is now. */
export const webhookResponseV1Schema = z.strictObject({ protocol: z.literal(PROTOCOL_VERSION), subscription: webhookSubscriptionV1Schema });

/** `.../delete`. */
export const deleteWebhookResponseV1Schema = z.strictObject({ protocol: z.literal(PROTOCOL_VERSION), deleted: z.literal(true) });

/** `GET .../dead-letters`. */
export const deadLettersResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  deadLetters: z.array(
    z.strictObject({
      eventId: ulidSchema,
      type: z.string(),
      memberId: z.string(),
      sequence: z.int(),
      occurredAt: instantSchema,
      attempts: z.int(),
      lastError: z.string(),
      deadAt: instantSchema,
    }),
  ),
});

/** Most events one replay queues; continue after the answer's `lastEventId`. */
export const MAX_REPLAY = 10_000;

/** `POST .../replay`: one event (`eventId`), or a range of them (`fromEventId`, `toEventId` included). */
export const replayWebhookRequestV1Schema = z.union([
  z.strictObject({ protocol: z.literal(PROTOCOL_VERSION), eventId: ulidSchema }),
  z.strictObject({ protocol: z.literal(PROTOCOL_VERSION), fromEventId: ulidSchema, toEventId: ulidSchema }),
]);

/** The answer to a replay: how many deliveries were queued, and the last event queued. */
export const replayWebhookResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  replayed: z.int(),
  lastEventId: z.optional(ulidSchema),
});

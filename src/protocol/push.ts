import * as z from 'zod/mini';
import { memberBalanceV1Schema } from './balance.js';
import { intentV1Schema } from './intent.js';
import { idSchema, instantSchema, ulidSchema } from './primitives.js';
import { rejectionReasonSchema } from './rejection.js';
import { earnReviewV1Schema } from './ruleset.js';
import { PROTOCOL_VERSION } from './version.js';

/** Most intents one push may carry. */
export const MAX_PUSH_BATCH = 1000;

/**
 * A push as the ledger reads it: the envelope is checked whole, each intent on its own, so
 * one malformed intent is refused alone (`invalid_intent`) and cannot block its till's
 * later intents. Each item must still carry a readable `intentId` to be answered by.
 */
export const pushEnvelopeV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  terminalId: idSchema,
  storeId: idSchema,
  intents: z
    .array(z.looseObject({ intentId: ulidSchema }))
    .check(z.minLength(1), z.maxLength(MAX_PUSH_BATCH)),
  /** The till's clock when it sent the push (see {@link pushRequestV1Schema}). */
  sentAt: z.optional(instantSchema),
  /** The till's incarnation (see `registerIncarnationRequestV1Schema`); absent from tills older than incarnations. */
  incarnationId: z.optional(ulidSchema),
});
export type PushEnvelopeV1 = z.infer<typeof pushEnvelopeV1Schema>;

/**
 * A batch of intents from one terminal, in the order the till made them: the strict form a
 * till validates before sending (every intent valid, seq strictly increasing).
 */
export const pushRequestV1Schema = z
  .strictObject({
    protocol: z.literal(PROTOCOL_VERSION),
    terminalId: idSchema,
    storeId: idSchema,
    intents: z.array(intentV1Schema).check(z.minLength(1), z.maxLength(MAX_PUSH_BATCH)),
    /** The till's clock when it sent the push: the ledger estimates the till's clock skew from it and corrects bill times. */
    sentAt: z.optional(instantSchema),
    /** The till's incarnation, once registered (see `registerIncarnationRequestV1Schema`). */
    incarnationId: z.optional(ulidSchema),
  })
  .check(
    z.superRefine((req, ctx) => {
      for (let i = 1; i < req.intents.length; i++) {
        if (req.intents[i]!.seq <= req.intents[i - 1]!.seq) {
          ctx.addIssue({
            code: 'custom',
            path: ['intents', i, 'seq'],
            message: 'intents must be in strictly increasing seq order',
          });
        }
      }
    }),
  );
export type PushRequestV1 = z.infer<typeof pushRequestV1Schema>;

/**
 * The intent was applied now; `balance` is the member's confirmed balance right after it.
 * For an accrual earned by the rules, `earn` says whether the till's points stood.
 */
export const appliedOutcomeV1Schema = z.strictObject({
  intentId: ulidSchema,
  outcome: z.literal('applied'),
  balance: memberBalanceV1Schema,
  earn: z.optional(earnReviewV1Schema),
  /**
   * The member the intent's member id was merged into (an enrolment at a till whose phone
   * number already belonged to a member): the intent was applied to them, and `balance` is theirs.
   */
  mergedInto: z.optional(idSchema),
});
export type AppliedOutcomeV1 = z.infer<typeof appliedOutcomeV1Schema>;

/**
 * The intent was refused and changed nothing; `balance` is the member's balance at the
 * time, absent when the member is unknown.
 */
export const rejectedOutcomeV1Schema = z.strictObject({
  intentId: ulidSchema,
  outcome: z.literal('rejected'),
  reason: rejectionReasonSchema,
  message: z.string(),
  balance: z.optional(memberBalanceV1Schema),
  /** As on an applied outcome: the member this id was merged into, whose `balance` this is. */
  mergedInto: z.optional(idSchema),
});
export type RejectedOutcomeV1 = z.infer<typeof rejectedOutcomeV1Schema>;

/** An outcome the ledger stores with the intent id, to answer every retry with. */
export const finalOutcomeV1Schema = z.discriminatedUnion('outcome', [
  appliedOutcomeV1Schema,
  rejectedOutcomeV1Schema,
]);
export type FinalOutcomeV1 = z.infer<typeof finalOutcomeV1Schema>;

/** The intent id was seen before: `original` is the outcome stored then, unchanged. */
export const duplicateOutcomeV1Schema = z.strictObject({
  intentId: ulidSchema,
  outcome: z.literal('duplicate'),
  original: finalOutcomeV1Schema,
});
export type DuplicateOutcomeV1 = z.infer<typeof duplicateOutcomeV1Schema>;

/** What became of one intent of a push. */
export const pushResultV1Schema = z.discriminatedUnion('outcome', [
  appliedOutcomeV1Schema,
  rejectedOutcomeV1Schema,
  duplicateOutcomeV1Schema,
]);
export type PushResultV1 = z.infer<typeof pushResultV1Schema>;

/** One result per intent, in the order of the request. */
export const pushResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  results: z.array(pushResultV1Schema),
});
export type PushResponseV1 = z.infer<typeof pushResponseV1Schema>;

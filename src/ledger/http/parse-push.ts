import {
  UNSTORABLE_TEXT_MESSAGE,
  intentV1Schema,
  unstorableTextPath,
  pushEnvelopeV1Schema,
  type IntentV1,
  type PushEnvelopeV1,
  type RejectedOutcomeV1,
} from '../../protocol/index.js';
import { LedgerHttpError } from './ledger-http-error.js';
import { parseShape } from './parse-request.js';

/** One item of a push: a valid intent to apply, or the refusal of a malformed one. */
export type PushItem = { readonly intent: IntentV1 } | { readonly refused: RejectedOutcomeV1 };

function describeIssue(issue: { path: readonly PropertyKey[]; message: string }): string {
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Judges one item of a valid envelope against the intent schema (pure). */
export function judgeIntent(item: { intentId: string } & Record<string, unknown>): PushItem {
  const parsed = intentV1Schema.safeParse(item);
  const textPath = parsed.success ? unstorableTextPath(parsed.data) : undefined;
  if (parsed.success && !textPath) return { intent: parsed.data };
  const issues = parsed.success
    ? describeIssue({ path: textPath!, message: UNSTORABLE_TEXT_MESSAGE })
    : parsed.error.issues.slice(0, 5).map(describeIssue).join('; ');
  return {
    refused: {
      intentId: item.intentId,
      outcome: 'rejected',
      reason: 'invalid_intent',
      message: `the intent is not valid (${issues}); nothing was applied or stored, send it again corrected`,
    },
  };
}

// An SDK never breaks seq order (it sends its outbox in order), and order decides outcomes
// (a redemption after the accrual that pays for it): a batch out of order is a broken client,
// refused whole. Items whose seq is not even a number are left to their own refusal.
function requireIncreasingSeq(items: readonly Record<string, unknown>[]): void {
  let last: number | undefined;
  items.forEach((item, i) => {
    const seq = item.seq;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) return;
    if (last !== undefined && seq <= last) {
      throw new LedgerHttpError(400, 'invalid_request', 'invalid request: intents must be in strictly increasing seq order', [
        { path: ['intents', i, 'seq'], message: 'intents must be in strictly increasing seq order' },
      ]);
    }
    last = seq;
  });
}

/**
 * Reads a push: the envelope whole (a 400 when it, or an item's `intentId`, is unreadable),
 * then each intent on its own, in order.
 */
export function parsePush(body: unknown): { readonly envelope: PushEnvelopeV1; readonly items: readonly PushItem[] } {
  // The envelope's own fields are ids; each intent's text is judged with the intent.
  const envelope = parseShape(pushEnvelopeV1Schema, body);
  requireIncreasingSeq(envelope.intents);
  // Each intent is judged as it came off the wire (a copy could lose an own `__proto__` key).
  const raw = (body as { intents: Record<string, unknown>[] }).intents;
  return { envelope, items: envelope.intents.map((item, i) => judgeIntent({ ...(raw[i] ?? {}), intentId: item.intentId })) };
}

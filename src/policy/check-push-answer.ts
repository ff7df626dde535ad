import { intentPoints, type IntentV1, type MemberBalanceV1 } from '../protocol/index.js';
import { canRejectFor, type PushRejectionReason } from './rejection-reasons.js';

/** A final outcome as the SDK reads it off the wire (see `PushRejectionReason`). */
export type FinalOutcome =
  | { readonly intentId: string; readonly outcome: 'applied'; readonly balance: MemberBalanceV1; readonly earn?: { readonly outcome: 'honoured' | 'recomputed'; readonly tillPoints: number } | undefined; readonly mergedInto?: string | undefined }
  | { readonly intentId: string; readonly outcome: 'rejected'; readonly reason: PushRejectionReason; readonly message: string; readonly balance?: MemberBalanceV1 | undefined; readonly mergedInto?: string | undefined };

/** One result of a push as the SDK reads it. */
export type PushResult = FinalOutcome | { readonly intentId: string; readonly outcome: 'duplicate'; readonly original: FinalOutcome };

/**
 * Why a well-formed push answer cannot be the ledger's real answer to `intents`, or
 * undefined when it can. Pure. What "match" checks, per result in order:
 * - it is about the intent at its place (and a duplicate's original about that intent too);
 * - any balance is the intent's member's, or, when the answer says the intent's member id was
 *   merged into another member (`mergedInto`), that member's (and `mergedInto` names another member);
 * - a rejection's reason is one the ledger can give for the intent's kind;
 * - an earn review is only on an accrual, and echoes the points the till sent;
 * - fresh outcomes of one member move its version forward: each application by exactly one.
 */
export function checkPushAnswer(intents: readonly IntentV1[], results: readonly PushResult[]): string | undefined {
  if (results.length !== intents.length) return `${results.length} results for ${intents.length} intents`;
  const versions = new Map<string, number>();
  for (let i = 0; i < intents.length; i++) {
    const intent = intents[i]!;
    const result = results[i]!;
    const final = result.outcome === 'duplicate' ? result.original : result;
    if (result.intentId !== intent.intentId || final.intentId !== intent.intentId) return `result ${i} is about another intent`;
    if (final.mergedInto !== undefined && final.mergedInto === intent.memberId) return `result ${i} merges member ${intent.memberId} into itself`;
    const owner = final.mergedInto ?? intent.memberId;
    if (final.balance && final.balance.memberId !== owner) return `result ${i} carries the balance of another member`;
    if (final.outcome === 'rejected' && !canRejectFor(intent.kind, intentPoints(intent), final.reason)) {
      return `result ${i} refuses a ${intent.kind} for ${final.reason}, which cannot happen to it`;
    }
    if (final.outcome === 'applied' && final.earn) {
      if (intent.kind !== 'accrue') return `result ${i} reviews the earning of a ${intent.kind}`;
      if (final.earn.tillPoints !== intent.points) return `result ${i} reviews ${final.earn.tillPoints} points, the till sent ${intent.points}`;
    }
    // A duplicate carries the balance of its first application: older than this batch.
    if (result.outcome === 'duplicate' || !final.balance) continue;
    // By the member whose balance it is: intents naming a merged id and the survivor share one version.
    const before = versions.get(owner);
    const version = final.balance.version;
    if (before !== undefined && (final.outcome === 'applied' ? version !== before + 1 : version !== before)) {
      return `result ${i} moves member ${owner} from version ${before} to ${version}`;
    }
    versions.set(owner, version);
  }
  return undefined;
}

import { intentPoints, type FinalOutcomeV1, type IntentV1, type PushResultV1 } from '../../protocol/index.js';
import { intColumn } from '../sql/columns.js';
import type { SqlDatabase, SqlExecutor } from '../sql/sql-database.js';
import { answerableOutcome, replayableOutcome } from './answerable-outcome.js';
import { contentHash } from './content-hash.js';
import { decideIntent, type Decision } from './decide-intent.js';
import { lockMemberRows, toMemberBalance, type MemberState } from './member-state.js';
import { NOTHING_REVERSED, linesFromJson, progressAfter, type OriginalIntent } from './original-intent.js';
import { RetryTransaction, withTransactionRetry } from './retry-transaction.js';
import { lockLiveTerminal } from './terminal-check.js';
import { writeApplied } from './write-applied.js';
import { EarnBatch } from '../earn/earn-batch.js';
import type { AccrualReview } from '../earn/review-accrual.js';
import { releasePromotions } from '../earn/release-promotions.js';
import { promotionPointsOf, type EarnResult } from '../../rules/index.js';
import { TillAuthority, type TillContext } from '../limits/till-authority.js';
import { takeManagerPins } from '../managers/manager-approvals.js';
import type { Transfer } from '../journal/accounts.js';
import { expireDueHolds } from '../holds/expire-holds.js';
import { RedemptionBatch } from '../holds/redemption-batch.js';
import { EnrolmentBatch } from '../members/enrolment-batch.js';
import { requiredConsentsReader } from '../members/required-consents.js';
import { enrolmentDecision, withMergedInto } from '../members/enrolment-outcome.js';

/** What one intent of the batch became, with what must be written for it. */
export interface IntentRecord {
  /** The intent as applied: its member id resolved when the till named an alias (see `EnrolmentBatch`). */
  readonly intent: IntentV1;
  /** The intent as the till sent it, when its member id was resolved: what is stored and hashed. */
  readonly sent?: IntentV1;
  readonly hash: string;
  readonly result: FinalOutcomeV1;
  readonly original: OriginalIntent;
  /** Its journal entries (several for a redemption that captures a hold). */
  readonly transfers?: readonly Transfer[];
  /** For an accrual the earning rules reviewed: its lines as applied, the ledger's evaluation and the verdict. */
  readonly earn?: { lines: Record<string, number>; result: unknown; review: unknown };
}

interface StoredIntent {
  readonly hash: string;
  readonly result: FinalOutcomeV1;
  readonly original: OriginalIntent;
}

function lockMembers(tx: SqlExecutor, intents: readonly IntentV1[]): Promise<Map<string, MemberState>> {
  return lockMemberRows(tx, intents.map((i) => i.memberId));
}

async function loadStoredIntents(
  tx: SqlExecutor,
  intents: readonly IntentV1[],
): Promise<Map<string, StoredIntent>> {
  const ids = new Set<string>();
  for (const intent of intents) {
    ids.add(intent.intentId);
    if (intent.kind === 'reverse') ids.add(intent.originalIntentId);
  }
  const rows = await tx.query(
    `SELECT intent_id, kind, member_id, outcome, points, reversed_points, reversed_lines, content_hash, result,
            earn -> 'lines' AS lines, earn -> 'result' AS earn_result, store_id, shortfall, shortfall_to
       FROM intents WHERE intent_id = ANY($1::text[])`,
    [[...ids]],
  );
  return new Map(
    rows.map((r) => [
      String(r.intent_id),
      {
        hash: String(r.content_hash),
        result: r.result as FinalOutcomeV1,
        original: {
          intentId: String(r.intent_id),
          kind: r.kind as OriginalIntent['kind'],
          memberId: String(r.member_id),
          outcome: r.outcome as OriginalIntent['outcome'],
          points: intColumn(r.points),
          lines: linesFromJson(r.lines),
          earn: (r.earn_result as EarnResult | null) ?? null,
          ...(r.shortfall_to === 'store_risk' ? { storeRisk: { storeId: String(r.store_id), points: intColumn(r.shortfall) } } : {}),
          progress: {
            reversedPoints: intColumn(r.reversed_points),
            reversedLines: (r.reversed_lines as string[] | null) ?? [],
          },
        },
      },
    ]),
  );
}

/** The answer to an intent id seen before: its stored outcome, or `intent_conflict` for other content. */
function answerRepeat(intent: IntentV1, hash: string, seen: StoredIntent, member: MemberState | undefined): PushResultV1 {
  if (seen.hash !== hash) {
    return {
      intentId: intent.intentId,
      outcome: 'rejected',
      reason: 'intent_conflict',
      message: `intent ${intent.intentId} was already used for different content; nothing was applied`,
    };
  }
  return { intentId: intent.intentId, outcome: 'duplicate', original: replayableOutcome(seen.result, member && toMemberBalance(member)) };
}

/** The member's state once an applied decision moved it (pure: the caller commits it). */
function movedMember(member: MemberState, decision: Extract<Decision, { outcome: 'applied' }>, at: string): MemberState {
  return {
    ...member,
    points: member.points + decision.memberDelta,
    held: member.held + (decision.heldDelta ?? 0),
    version: member.version + 1,
    updatedAt: at,
  };
}

/** What a new intent became, as it will be stored and answered (checked answerable before anything moves). */
function outcomeOf(
  intent: IntentV1,
  decision: Decision,
  member: MemberState | undefined,
  earned: AccrualReview | undefined,
  at: string,
): FinalOutcomeV1 {
  const balanceNow = member && toMemberBalance(member);
  if (decision.outcome === 'rejected') {
    return answerableOutcome(
      { intentId: intent.intentId, outcome: 'rejected', reason: decision.reason, message: decision.message, ...(balanceNow ? { balance: balanceNow } : {}) },
      balanceNow,
    );
  }
  if (!member) throw new Error('an applied decision needs a member');
  const applied: FinalOutcomeV1 = {
    intentId: intent.intentId,
    outcome: 'applied',
    balance: toMemberBalance(movedMember(member, decision, at)),
    ...(earned ? { earn: earned.review } : {}),
  };
  return answerableOutcome(applied, balanceNow);
}

/**
 * Applies a batch of intents in order, each at most once, in one transaction: locks
 * the members involved, answers repeats from the stored outcome, decides new intents
 * against the locked balances, then journals and stores everything together.
 * With `till` (a till's push; absent for the loyalty team's own intents), first checks and
 * locks that the terminal is still live, then holds the batch to the till's bounded authority.
 * Returns one result per intent, in order.
 */
export async function applyIntents(
  db: SqlDatabase,
  intents: readonly IntentV1[],
  now: () => Date,
  rulesGraceMs = DEFAULT_RULES_GRACE_MS,
  till?: TillContext,
): Promise<PushResultV1[]> {
  return withTransactionRetry(db, async (tx) => {
    if (till) await lockLiveTerminal(tx, till);
    return applyIntentsIn(tx, intents, now().toISOString(), rulesGraceMs, till);
  });
}

/** How long after a new ruleset the previous one's results still stand (it takes time to reach every till). */
export const DEFAULT_RULES_GRACE_MS = 15 * 60_000;

/** {@link applyIntents} inside a transaction the caller runs (and retries). */
export async function applyIntentsIn(
  tx: SqlExecutor,
  intents: readonly IntentV1[],
  at: string,
  rulesGraceMs = DEFAULT_RULES_GRACE_MS,
  till?: TillContext,
): Promise<PushResultV1[]> {
  // Managers' PINs leave the intents here: never hashed, stored or echoed.
  const withoutPins = takeManagerPins(intents);
  const sentIntents = withoutPins.intents;
  // Members enrolled at the till (src/ledger/members): creates the members this batch enrols and
  // resolves aliases to the surviving member, before any member is locked or decided on.
  const enrolment = await EnrolmentBatch.prepare(tx, sentIntents, at, withoutPins.pins, requiredConsentsReader(till?.redemptionPolicy));
  intents = enrolment.intents;
  const members = await lockMembers(tx, intents);
  // Holds past their expiry give their points back before anything is decided on their members.
  await expireDueHolds(tx, members, at);
  const stored = await loadStoredIntents(tx, intents);
  const authority = till && (await TillAuthority.load(tx, { ...withoutPins, intents }, at, till));
  const earn = await EarnBatch.load(tx, intents, at, rulesGraceMs, authority?.billTime);
  const redemptions = await RedemptionBatch.load(tx, intents, till?.redemptionPolicy ?? {}, authority?.billTime);
  const results: PushResultV1[] = [];
  const fresh: IntentRecord[] = [];
  const touchedOriginals = new Set<OriginalIntent>();
  const returnedPromotions: { memberId: string; points: Record<string, number> }[] = [];

  for (const [index, intent] of intents.entries()) {
    const sent = sentIntents[index]!;
    const hash = contentHash(sent);
    const member = members.get(intent.memberId);
    const seen = stored.get(intent.intentId);
    if (seen) {
      results.push(answerRepeat(intent, hash, seen, member));
      continue;
    }
    const original = intent.kind === 'reverse' ? stored.get(intent.originalIntentId)?.original : undefined;
    const review = intent.kind === 'accrue' && member ? earn?.review(intent) : undefined;
    const decided: Decision =
      enrolmentDecision(enrolment.verdict(intent.intentId)) ??
      (review && 'refused' in review
        ? { outcome: 'rejected', reason: 'invalid_bill', message: review.refused }
        : redemptions?.decides(intent) && member
          ? await redemptions.decide(tx, intent, member, authority?.approvals, at)
          : decideIntent(intent, member, original, review?.points));
    const earned = review && !('refused' in review) ? review : undefined;
    // A till's limits and manager approvals (src/ledger/limits, src/ledger/managers). What it
    // admits counts against its windows at once, so a later intent of the batch sees it.
    const decision: Decision =
      authority && decided.outcome === 'applied' ? ((await authority.admit(tx, intent, decided, earned !== undefined)) ?? decided) : decided;
    const result = withMergedInto(outcomeOf(intent, decision, member, earned, at), enrolment.mergedInto(sent.memberId));
    // Only an outcome that can be answered moves anything (answerableOutcome may have refused it).
    const applies = result.outcome === 'applied' && decision.outcome === 'applied' && member !== undefined;
    if (applies) {
      Object.assign(member, movedMember(member, decision, at));
      if (original && intent.kind === 'reverse') {
        original.progress = progressAfter(original, intent);
        touchedOriginals.add(original);
        // Returned lines give back what they used of per-member promotion caps.
        if (original.earn) {
          const released = promotionPointsOf(original.earn, intent.lineIds);
          if (!earn?.release(intent.memberId, released)) returnedPromotions.push({ memberId: intent.memberId, points: released });
        }
      }
      if (earned) earn!.applied(intent.memberId, earned);
      if (decision.redemption && redemptions?.decides(intent)) redemptions.applied(intent, decision.redemption);
      enrolment.applied(sent);
    }
    const record: IntentRecord = {
      intent,
      ...(sent !== intent ? { sent } : {}),
      hash,
      result,
      original: {
        intentId: intent.intentId,
        kind: intent.kind,
        memberId: intent.memberId,
        outcome: result.outcome,
        points: applies && earned ? earned.points : Math.abs(intentPoints(intent)),
        lines: applies && earned ? new Map(Object.entries(earned.lines)) : null,
        earn: applies && earned ? earned.earn : null,
        ...(applies && decision.redemption?.shortfallTo === 'store_risk'
          ? { storeRisk: { storeId: intent.storeId, points: decision.redemption.shortfall } }
          : {}),
        progress: NOTHING_REVERSED,
      },
      ...(applies && decision.transfers.length > 0 ? { transfers: decision.transfers } : {}),
      ...(applies && earned ? { earn: { lines: earned.lines, result: earned.earn, review: earned.review } } : {}),
    };
    // A later intent of this batch may repeat or reverse this one.
    stored.set(intent.intentId, { hash, result, original: record.original });
    // A broken intent (an enrolment's phone that is no mobile number) is answered, never stored: sent again corrected, it applies.
    if (!(result.outcome === 'rejected' && result.reason === 'invalid_intent')) fresh.push(record);
    results.push(result);
  }

  const freshIds = new Set(fresh.map((r) => r.intent.intentId));
  const storedOriginals = [...touchedOriginals].filter((o) => !freshIds.has(o.intentId));
  const inserted = await writeApplied(tx, fresh, members, storedOriginals, at);
  // A concurrent batch stored one of these ids first (only possible for unknown
  // members, whose rows we could not lock): start again and answer it as a repeat.
  if (inserted !== fresh.length) throw new RetryTransaction('an intent id was stored concurrently');
  await earn?.write(tx);
  await enrolment.write(tx, at);
  await authority?.write(tx); // the terminal's grants, corrected bill times
  await redemptions?.write(tx, at); // holds captured from; basis, exposure and shortfall of redemptions
  await releasePromotions(tx, returnedPromotions);
  return results;
}

import type { IntentV1, RejectionReason } from '../../protocol/index.js';
import { PROGRAM_ACCOUNTS, memberAccount, type Transfer } from '../journal/accounts.js';
import { balanceLimitBreach } from './balance-limit.js';
import type { MemberState } from './member-state.js';
import type { OriginalIntent } from './original-intent.js';
import type { RedemptionEffect } from '../holds/redemption-effect.js';
import { refundWithStoreRisk } from '../holds/refund-with-store-risk.js';

export type { OriginalIntent } from './original-intent.js';

/**
 * The ledger's verdict on one new intent: the journal entries to write (none, one, or several
 * for a redemption that captures a hold), how the member's points and held points move, or a
 * reason to refuse.
 */
export type Decision =
  | {
      readonly outcome: 'applied';
      readonly transfers: readonly Transfer[];
      readonly memberDelta: number;
      /** How the member's held points move (a capture releases its hold). @default 0 */
      readonly heldDelta?: number;
      /** For a redemption with a basis: what it did to its hold, its exposure and shortfall. */
      readonly redemption?: RedemptionEffect;
    }
  | { readonly outcome: 'rejected'; readonly reason: RejectionReason; readonly message: string };

function reject(reason: RejectionReason, message: string): Decision {
  return { outcome: 'rejected', reason, message };
}

function debitMember(member: MemberState, credit: string, points: number): Decision {
  const available = member.points - member.held;
  if (points > available) {
    return reject(
      'insufficient_points',
      `member ${member.memberId} has ${available} points available, ${points} asked for`,
    );
  }
  return {
    outcome: 'applied',
    transfers: [{ debit: memberAccount(member.memberId), credit, points }],
    memberDelta: -points,
  };
}

function creditMember(member: MemberState, debit: string, points: number): Decision {
  // A bill may earn nothing (below the minimum, excluded lines): applied, with nothing to journal.
  if (points === 0) return { outcome: 'applied', transfers: [], memberDelta: 0 };
  return {
    outcome: 'applied',
    transfers: [{ debit, credit: memberAccount(member.memberId), points }],
    memberDelta: points,
  };
}

function decideReversal(
  intent: Extract<IntentV1, { kind: 'reverse' }>,
  member: MemberState,
  original?: OriginalIntent,
): Decision {
  if (!original || original.outcome !== 'applied') {
    return reject('original_not_found', `no applied intent ${intent.originalIntentId} to reverse`);
  }
  if (original.memberId !== intent.memberId || (original.kind !== 'accrue' && original.kind !== 'redeem')) {
    return reject(
      'original_not_reversible',
      `intent ${original.intentId} is a ${original.kind} of another member or kind`,
    );
  }
  const left = original.points - original.progress.reversedPoints;
  if (intent.points > left) {
    return reject(
      'reversal_exceeds_original',
      `only ${left} of ${original.points} points of ${original.intentId} are left to reverse`,
    );
  }
  if (intent.lineIds && original.lines) {
    const lines = original.lines;
    const refused = refusedLines(intent.lineIds, lines, original.progress.reversedLines);
    if (refused.length > 0) {
      return reject('reversal_exceeds_original', `lines ${refused.join(', ')} of ${original.intentId} were returned already, are named twice or are not on the bill`);
    }
    const applied = intent.lineIds.reduce((sum, id) => sum + lines.get(id)!, 0);
    if (intent.points > applied) {
      return reject('reversal_exceeds_original', `lines ${intent.lineIds.join(', ')} of ${original.intentId} earned ${applied} points, ${intent.points} asked back`);
    }
  }
  // Taking back earned points may leave the member below zero (they spent them already):
  // the return is a fact, and the debt is visible rather than silently dropped.
  return original.kind === 'accrue'
    ? {
        outcome: 'applied',
        transfers: [
          {
            debit: memberAccount(member.memberId),
            credit: PROGRAM_ACCOUNTS.issuance,
            points: intent.points,
          },
        ],
        memberDelta: -intent.points,
      }
    : original.storeRisk
      ? refundWithStoreRisk(member.memberId, original.storeRisk, original.progress.reversedPoints, intent.points)
      : creditMember(member, PROGRAM_ACCOUNTS.redemption, intent.points);
}

/**
 * The lines of a return that cannot be taken back: not on the bill, returned already, or
 * named twice in the return. Line ids are the brand's, so they are looked up in a Map
 * (never with `in`, where `constructor` or `toString` would be "on the bill").
 */
export function refusedLines(
  lineIds: readonly string[],
  lines: ReadonlyMap<string, number>,
  reversedLines: readonly string[],
): string[] {
  const seen = new Set<string>(reversedLines);
  const refused: string[] = [];
  for (const id of lineIds) {
    if (seen.has(id) || !lines.has(id)) refused.push(id);
    seen.add(id);
  }
  return refused;
}

/**
 * Decides one intent against the member's current state. Pure: the caller holds the
 * member's lock, applies the transfer and stores the verdict.
 */
export function decideIntent(
  intent: IntentV1,
  member: MemberState | undefined,
  original?: OriginalIntent,
  earnedPoints?: number,
): Decision {
  if (!member) return reject('unknown_member', `no member with id ${intent.memberId}`);
  const decision = decideMovement(intent, member, original, earnedPoints);
  if (decision.outcome !== 'applied') return decision;
  const breach = balanceLimitBreach(member, decision.memberDelta);
  return breach ? reject('balance_limit', breach) : decision;
}

function decideMovement(
  intent: IntentV1,
  member: MemberState,
  original: OriginalIntent | undefined,
  earnedPoints: number | undefined,
): Decision {
  switch (intent.kind) {
    case 'accrue':
      // `earnedPoints`: what the earning rules decided, when they reviewed the bill.
      return creditMember(member, PROGRAM_ACCOUNTS.issuance, earnedPoints ?? intent.points);
    case 'redeem':
      return debitMember(member, PROGRAM_ACCOUNTS.redemption, intent.points);
    case 'reverse':
      return decideReversal(intent, member, original);
    case 'adjust':
      return intent.points > 0
        ? creditMember(member, PROGRAM_ACCOUNTS.adjustment, intent.points)
        : debitMember(member, PROGRAM_ACCOUNTS.adjustment, -intent.points);
    case 'enrol':
      // Placeholder until enrolment at the till lands: refused, nothing applied.
      return reject('member_exists', `member ${intent.memberId} cannot be enrolled by this ledger yet`);
  }
}

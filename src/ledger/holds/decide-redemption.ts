import type { RedeemIntentV1, RejectionReason, ResolvedRedemptionPolicyV1 } from '../../protocol/index.js';
import type { Decision } from '../apply/decide-intent.js';
import type { MemberState } from '../apply/member-state.js';
import { balanceLimitBreach } from '../apply/balance-limit.js';
import { PROGRAM_ACCOUNTS, memberAccount, riskAccount, type Transfer } from '../journal/accounts.js';
import type { Hold } from './hold.js';
import type { RedemptionEffect } from './redemption-effect.js';

/** Everything the ledger knows when it decides a redemption with a basis. */
export interface RedemptionFacts {
  readonly intent: RedeemIntentV1 & { basis: NonNullable<RedeemIntentV1['basis']> };
  /** The member, locked, with expired holds already released. */
  readonly member: MemberState;
  /** The hold or allowance `intent.holdId` names, if the ledger has it (any member, any till). */
  readonly hold: Hold | undefined;
  /** The policy in force for the intent's store. */
  readonly policy: ResolvedRedemptionPolicyV1;
  /** Points risked on limit terms within the 24 h of bill time before this one: by the member, and by the till. */
  readonly offlineWithinDay: { readonly member: number; readonly till: number };
  /** For an override: why the manager's approval does not stand, or undefined when it does. */
  readonly approvalRefusal?: { readonly reason: RejectionReason; readonly message: string } | undefined;
}

type Applied = Extract<Decision, { outcome: 'applied' }>;
type Rejected = Extract<Decision, { outcome: 'rejected' }>;

const MINUTE_MS = 60_000;

const reject = (reason: RejectionReason, message: string): Rejected => ({ outcome: 'rejected', reason, message });

/** Points leaving the member's available balance for the redemption account. */
const fromMember = (memberId: string, points: number): Transfer[] =>
  points > 0 ? [{ debit: memberAccount(memberId), credit: PROGRAM_ACCOUNTS.redemption, points }] : [];

/** One part of a redemption, before it is put together: entries and how the member moves. */
interface Part {
  readonly transfers: Transfer[];
  readonly memberDelta: number;
  readonly heldDelta: number;
  readonly exposure: number;
  readonly shortfall: number;
  readonly shortfallTo: RedemptionEffect['shortfallTo'];
}

const NOTHING: Part = { transfers: [], memberDelta: 0, heldDelta: 0, exposure: 0, shortfall: 0, shortfallTo: null };

// `0 - x`, never `-x`: a negative zero would differ from 0 in comparisons (Object.is).
function paidByMember(memberId: string, points: number): Part {
  return { ...NOTHING, transfers: fromMember(memberId, points), memberDelta: 0 - points };
}

/** Why a limit redemption is beyond the programme's offline limits, naming the cap; undefined when within. */
export function limitBreach(facts: RedemptionFacts, points: number): string | undefined {
  const { intent, policy, offlineWithinDay } = facts;
  const override = intent.basis === 'override';
  if (!override && points > policy.limitPerRedemption) {
    return `${points} points is past the per-redemption offline limit of ${policy.limitPerRedemption}`;
  }
  if (!override && offlineWithinDay.member + points > policy.limitPerMember) {
    return `member ${intent.memberId} would spend ${offlineWithinDay.member + points} points offline within 24 hours, past the per-member limit of ${policy.limitPerMember}`;
  }
  if (offlineWithinDay.till + points > policy.limitPerTill) {
    return `till ${intent.terminalId} would let ${offlineWithinDay.till + points} points be spent offline within 24 hours, past the per-till limit of ${policy.limitPerTill}`;
  }
  if (intent.balanceAsOf === undefined) return 'an offline redemption on limit terms must say when its balance was confirmed (balanceAsOf)';
  const ageMinutes = (Date.parse(intent.occurredAt) - Date.parse(intent.balanceAsOf)) / MINUTE_MS;
  if (ageMinutes > policy.maxBalanceAgeMinutes) {
    return `the balance relied on was ${Math.floor(ageMinutes)} minutes old, past the limit of ${policy.maxBalanceAgeMinutes}`;
  }
  return undefined;
}

/**
 * `points` spent on the programme's offline limit terms, from what the member has available
 * (`available`): within the caps, what the member lacks is charged by the policy's shortfall
 * rule; beyond a cap, only if the member has it all (`limit_exceeded` otherwise).
 */
function onLimitTerms(facts: RedemptionFacts, points: number, available: number): Part | Rejected {
  const { intent, policy } = facts;
  const breach = limitBreach(facts, points);
  const lacking = Math.max(0, points - Math.max(0, available));
  if (breach !== undefined) {
    if (lacking > 0) return reject('limit_exceeded', `${breach}, and member ${intent.memberId} has ${available} points available`);
    return { ...paidByMember(intent.memberId, points), exposure: points };
  }
  if (lacking === 0) return { ...paidByMember(intent.memberId, points), exposure: points };
  if (policy.shortfall === 'member_debt') {
    return { ...paidByMember(intent.memberId, points), exposure: points, shortfall: lacking, shortfallTo: 'member_debt' };
  }
  const paid = points - lacking;
  return {
    transfers: [...fromMember(intent.memberId, paid), { debit: riskAccount(intent.storeId), credit: PROGRAM_ACCOUNTS.redemption, points: lacking }],
    memberDelta: 0 - paid,
    heldDelta: 0,
    exposure: points,
    shortfall: lacking,
    shortfallTo: 'store_risk',
  };
}

/** Whether a hold is this redemption's: the same till, member and kind its basis names. */
function isOwnHold(facts: RedemptionFacts, hold: Hold | undefined): hold is Hold {
  const { intent } = facts;
  return hold !== undefined && hold.kind === intent.basis && hold.terminalId === intent.terminalId && hold.memberId === intent.memberId;
}

/** Captures `take` of an open hold (the rest of a `hold` goes back to the member; an allowance keeps it). */
function capture(hold: Hold, take: number, releaseRest: boolean): { part: Part; hold: NonNullable<RedemptionEffect['hold']> } {
  const left = hold.points - hold.captured;
  const back = releaseRest ? left - take : 0;
  const captured = hold.captured + take;
  const transfers: Transfer[] = [];
  if (take > 0) transfers.push({ debit: PROGRAM_ACCOUNTS.pending, credit: PROGRAM_ACCOUNTS.redemption, points: take, holdId: hold.holdId });
  if (back > 0) transfers.push({ debit: PROGRAM_ACCOUNTS.pending, credit: memberAccount(hold.memberId), points: back, holdId: hold.holdId });
  return {
    part: { ...NOTHING, transfers, memberDelta: 0 - take, heldDelta: 0 - (take + back) },
    hold: { holdId: hold.holdId, captured, state: releaseRest || captured === hold.points ? 'captured' : 'open' },
  };
}

const plus = (a: Part, b: Part): Part => ({
  transfers: [...a.transfers, ...b.transfers],
  memberDelta: a.memberDelta + b.memberDelta,
  heldDelta: a.heldDelta + b.heldDelta,
  exposure: a.exposure + b.exposure,
  shortfall: a.shortfall + b.shortfall,
  shortfallTo: b.shortfallTo ?? a.shortfallTo,
});

/** The reason a redemption is refused when its hold is closed and the member lacks the points. */
function closedReason(hold: Hold): RejectionReason {
  if (hold.state === 'expired') return 'hold_expired';
  if (hold.state === 'voided' || hold.state === 'released') return 'hold_voided';
  return 'hold_exceeded';
}

function decideOnHold(facts: RedemptionFacts, available: number): { part: Part; hold?: RedemptionEffect['hold'] } | Rejected {
  const { intent, hold } = facts;
  const points = intent.points;
  if (!isOwnHold(facts, hold)) {
    return reject('hold_not_found', `till ${intent.terminalId} holds no ${intent.basis} ${intent.holdId ?? '(none named)'} for member ${intent.memberId}`);
  }
  if (hold.state === 'voided' && hold.kind === 'hold') return reject('hold_voided', `hold ${hold.holdId} was voided; nothing was redeemed`);
  if (hold.state !== 'open') {
    // Closed: the redemption stands on the member's available balance, or on limit terms.
    if (points <= available) return { part: paidByMember(intent.memberId, points) };
    if (hold.kind === 'allowance' && facts.policy.offline === 'limit') {
      const limited = onLimitTerms(facts, points, available);
      return 'outcome' in limited ? limited : { part: limited };
    }
    return reject(closedReason(hold), `${hold.kind} ${hold.holdId} is ${hold.state} and member ${intent.memberId} has ${available} points available, ${points} asked for`);
  }
  const left = hold.points - hold.captured;
  const take = Math.min(points, left);
  const captured = capture(hold, take, hold.kind === 'hold');
  const rest = points - take;
  if (rest === 0) return captured;
  if (rest <= available) return { part: plus(captured.part, paidByMember(intent.memberId, rest)), hold: captured.hold };
  if (hold.kind === 'allowance' && facts.policy.offline === 'limit') {
    const limited = onLimitTerms(facts, rest, available);
    return 'outcome' in limited ? limited : { part: plus(captured.part, limited), hold: captured.hold };
  }
  return reject('hold_exceeded', `${hold.kind} ${hold.holdId} has ${left} points left and member ${intent.memberId} has ${available} more available; ${points} asked for`);
}

function decideOffline(facts: RedemptionFacts, available: number): Part | Rejected {
  const { intent, policy } = facts;
  if (intent.basis === 'override' && facts.approvalRefusal) return reject(facts.approvalRefusal.reason, facts.approvalRefusal.message);
  if (policy.offline !== 'limit') {
    if (intent.points <= available) return { ...paidByMember(intent.memberId, intent.points), exposure: intent.points };
    return reject('offline_redemption_denied', `store ${intent.storeId}'s policy is '${policy.offline}', which does not allow ${intent.basis} redemptions, and member ${intent.memberId} has ${available} points available, ${intent.points} asked for`);
  }
  return onLimitTerms(facts, intent.points, available);
}

/**
 * Decides a redemption that says what the till relied on (its `basis`). Pure and
 * deterministic: the same facts give the same decision. Returns the journal entries (a
 * capture's, any rest from the available balance, a store's risk), how the member's points and
 * held points move, the hold's new state, and the exposure and shortfall, or why it is refused.
 */
export function decideRedemption(facts: RedemptionFacts): Decision {
  const { intent, member } = facts;
  const available = member.points - member.held;
  let decided: { part: Part; hold?: RedemptionEffect['hold'] } | Rejected;
  if (intent.basis === 'hold' || intent.basis === 'allowance') decided = decideOnHold(facts, available);
  else {
    const part = decideOffline(facts, available);
    decided = 'outcome' in part ? part : { part };
  }
  if ('outcome' in decided) return decided;
  const { part, hold } = decided;
  const breach = balanceLimitBreach({ ...member, held: member.held + part.heldDelta }, part.memberDelta);
  if (breach) return reject('balance_limit', breach);
  const applied: Applied = {
    outcome: 'applied',
    transfers: part.transfers,
    memberDelta: part.memberDelta,
    heldDelta: part.heldDelta,
    redemption: {
      basis: intent.basis,
      ...(hold ? { hold } : {}),
      exposure: part.exposure,
      shortfall: part.shortfall,
      shortfallTo: part.shortfallTo,
    },
  };
  return applied;
}

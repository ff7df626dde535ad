import { countOnce, type AppliedAnswer, type CountOnceDecision, type LedgerBalanceOffer } from '../policy/count-once.js';
import type { MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import { hasUnsettledSent } from './sent-intents.js';

/** What else the till knows when a ledger balance comes with a push's answer. */
export interface BalanceContext {
  /** Only intents sent after this seq count as unanswered (the batch being settled is answered). */
  readonly afterSeq?: number | undefined;
  /** Other member ids whose intents the ledger counts in this member's balance (ids merged into it). */
  readonly alsoSentAs?: readonly string[] | undefined;
  /** Intents of the member the ledger applied, settled with this balance. */
  readonly applied?: readonly AppliedAnswer[] | undefined;
}

/**
 * The one way a ledger balance reaches a member row (a pull, a push's answer, a lookup, a
 * hold's answer): reads whether the member has intents sent and still unanswered, and lets
 * `countOnce` decide, so no intent is counted twice. The row's `asOf` moves when the balance
 * is taken. Call inside a transaction over `members`, `intents` and `meta`; the caller stores
 * the row.
 */
export async function takeLedgerBalance(
  db: TerminalDatabase,
  member: MemberRecord,
  offered: LedgerBalanceOffer | undefined,
  now: number,
  context: BalanceContext = {},
): Promise<{ member: MemberRecord; decision: CountOnceDecision }> {
  let unansweredSent = await hasUnsettledSent(db, member.memberId, context.afterSeq);
  for (const alias of context.alsoSentAs ?? []) unansweredSent ||= await hasUnsettledSent(db, alias, context.afterSeq);
  return takeWithKnown(member, offered, now, unansweredSent, context.applied);
}

/**
 * {@link takeLedgerBalance} when the caller already knows whether the member has intents sent
 * and unanswered (read once for a whole batch or pull page, `unansweredSentMembers`).
 * Synchronous: a loop over a batch inside a transaction awaits nothing but IndexedDB.
 */
export function takeWithKnown(
  member: MemberRecord,
  offered: LedgerBalanceOffer | undefined,
  now: number,
  unansweredSent: boolean,
  applied?: readonly AppliedAnswer[] | undefined,
): { member: MemberRecord; decision: CountOnceDecision } {
  const decision = countOnce({ held: member, offered, unansweredSent, applied });
  const c = decision.confirmed;
  const changed = c.confirmed !== member.confirmed || c.held !== member.held || c.version !== member.version;
  const next = changed || decision.took ? { ...member, ...c, ...(decision.took ? { asOf: now } : {}) } : member;
  return { member: next, decision };
}

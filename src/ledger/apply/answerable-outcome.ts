import {
  finalOutcomeV1Schema,
  memberBalanceV1Schema,
  type FinalOutcomeV1,
  type MemberBalanceV1,
  type RejectedOutcomeV1,
} from '../../protocol/index.js';

/** Whether an outcome passes the protocol's outcome schema, so it can be put in an answer. */
export function isAnswerable(outcome: FinalOutcomeV1): boolean {
  return finalOutcomeV1Schema.safeParse(outcome).success;
}

function validBalance(balance: MemberBalanceV1 | undefined): MemberBalanceV1 | undefined {
  return balance && memberBalanceV1Schema.safeParse(balance).success ? balance : undefined;
}

/** A rejection `unanswerable`, with the member's balance when that balance can be answered. */
export function unanswerable(intentId: string, message: string, balance?: MemberBalanceV1): RejectedOutcomeV1 {
  const shown = validBalance(balance);
  return { intentId, outcome: 'rejected', reason: 'unanswerable', message, ...(shown ? { balance: shown } : {}) };
}

/**
 * The outcome of a NEW intent as it may be stored: itself when it can be answered; a
 * rejected one without its balance when only the balance cannot; otherwise `unanswerable`
 * (the caller then applies nothing). Pure: checked before anything is stored, so every
 * stored outcome can answer every retry.
 */
export function answerableOutcome(outcome: FinalOutcomeV1, balanceNow?: MemberBalanceV1): FinalOutcomeV1 {
  if (isAnswerable(outcome)) return outcome;
  if (outcome.outcome === 'rejected') {
    const { balance: _dropped, ...rest } = outcome;
    if (isAnswerable(rest)) return rest;
  }
  return unanswerable(
    outcome.intentId,
    `the ledger cannot express this intent's outcome in protocol v1, so it applied nothing`,
    balanceNow,
  );
}

/**
 * A stored outcome as it may be replayed to a retry. Outcomes stored by older ledgers may
 * not pass today's schema (a balance past the limit): an applied one is answered with the
 * member's balance now when that passes (it includes the intent, and has a later version);
 * otherwise as `unanswerable`, so the till sees a conflict instead of a push that fails forever.
 */
export function replayableOutcome(stored: FinalOutcomeV1, balanceNow?: MemberBalanceV1): FinalOutcomeV1 {
  if (isAnswerable(stored)) return stored;
  if (stored.outcome === 'applied') {
    const current = validBalance(balanceNow);
    const withCurrent = current ? { ...stored, balance: current } : undefined;
    if (withCurrent && isAnswerable(withCurrent)) return withCurrent;
    return unanswerable(
      stored.intentId,
      `this intent was applied, but its stored outcome cannot be expressed in protocol v1 (the member's balance is past the limit); the loyalty team must correct the member`,
      balanceNow,
    );
  }
  return answerableOutcome(stored, balanceNow);
}

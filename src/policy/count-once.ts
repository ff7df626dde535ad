import { PLANTED_BUG, type PlantedBug } from './planted-bugs.js';

/** The confirmed part of a member as a till holds it: its copy of the ledger's balance. */
export interface ConfirmedPart {
  /** Points the ledger confirmed. */
  readonly confirmed: number;
  /** Points the ledger holds (holds and allowances). */
  readonly held: number;
  /** The ledger's version of that balance; -1 when the ledger has said nothing yet. */
  readonly version: number;
}

/** A balance of the ledger offered to the till: by a pull, a push's answer, a lookup, a hold's answer. */
export interface LedgerBalanceOffer {
  readonly points: number;
  readonly held: number;
  readonly version: number;
}

/** An intent of the member the ledger applied, settled by the answer that came with the offer. */
export interface AppliedAnswer {
  /** Points it adds. */
  readonly credit: number;
  /** Points it takes. */
  readonly debit: number;
  /** The ledger had applied it before (a `duplicate`): its first answer was lost. */
  readonly late: boolean;
}

/** What the till knows when it is offered a ledger balance for a member. */
export interface CountOnceInput {
  /** The confirmed part the till holds now. */
  readonly held: ConfirmedPart;
  /** The ledger's balance, when the answer carries one. */
  readonly offered?: LedgerBalanceOffer | undefined;
  /**
   * Whether the member has intents this till SENT and has not settled (their answer is
   * outstanding or was lost), other than those settled with this offer.
   */
  readonly unansweredSent: boolean;
  /** Intents of the member the ledger applied, settled with this offer (their pending effect already left the row). */
  readonly applied?: readonly AppliedAnswer[] | undefined;
}

/** Why the till took a ledger balance, or kept its own. */
export type CountOnceReason = 'taken' | 'no-offer' | 'not-newer' | 'unanswered-sent';

/** What the till does with an offered ledger balance. */
export interface CountOnceDecision {
  /** The confirmed part to store. */
  readonly confirmed: ConfirmedPart;
  /** Whether the offered balance was taken (the row's `asOf` moves then). */
  readonly took: boolean;
  readonly reason: CountOnceReason;
  /** Whether the rules' view of the member (tier, visits, promotion use) may move to the ledger's. */
  readonly rulesMayMove: boolean;
}

/**
 * The rule that counts every intent once: in the till's provisional balance
 * (confirmed + pending credits - pending debits), an intent is either in the confirmed part
 * (the ledger's balance holds it) or pending (this till still waits for its answer), never both.
 *
 * - An intent sent but not settled here may already be applied at the ledger (its answer was
 *   lost, or is on its way): a ledger balance for its member may already hold it, while the
 *   till still counts it as pending. Such a balance is NOT taken (`unanswered-sent`): the
 *   till's own count stands until the answer settles, and the balance comes again with it or
 *   with a later pull. The rules' view of the member does not move then either.
 * - A balance no newer than the one held is not taken (`not-newer`): balances never go back.
 * - An applied answer adds nothing to the confirmed part itself: its pending effect leaves
 *   the row, and its points arrive inside the ledger's balance (this offer, or a later pull).
 *   That holds for a late answer (`duplicate`) too, whose points a pulled balance may already
 *   have brought in.
 *
 * Every writer of a ledger balance into a member row goes through this function
 * (`takeLedgerBalance`). Pure. `plant` is a test hook (see `PlantedBug`).
 */
export function countOnce(input: CountOnceInput, plant: PlantedBug | undefined = PLANTED_BUG): CountOnceDecision {
  const { held, offered, unansweredSent } = input;
  const reason: CountOnceReason =
    unansweredSent ? 'unanswered-sent' : offered === undefined ? 'no-offer' : offered.version <= held.version ? 'not-newer' : 'taken';
  let confirmed: ConfirmedPart = reason === 'taken' ? { confirmed: offered!.points, held: offered!.held, version: offered!.version } : held;
  if (plant === 'settle-twice') {
    // THE PLANTED BUG (test hook only): a late answer's points are counted again.
    const late = (input.applied ?? []).filter((a) => a.late).reduce((sum, a) => sum + a.credit - a.debit, 0);
    if (late !== 0) confirmed = { ...confirmed, confirmed: confirmed.confirmed + late };
  }
  return { confirmed, took: reason === 'taken', reason, rulesMayMove: !unansweredSent };
}

/**
 * The same rule for held points: how much of what the ledger holds for a member is this
 * till's own to spend (its open allowances, holds its queued redemptions capture), added back
 * to the provisional balance. A hold counts only once the confirmed part includes it
 * (`placedAtVersion <= version`: before, the snapshot does not hold it yet, so adding it back
 * would count points the ledger never took away), and never more than the snapshot holds. Pure.
 */
export function ownHeldToAddBack(own: readonly { readonly remaining: number; readonly placedAtVersion: number }[], snapshot: Pick<ConfirmedPart, 'held' | 'version'>): number {
  let sum = 0;
  for (const h of own) if (h.placedAtVersion <= snapshot.version) sum += h.remaining;
  return Math.min(sum, snapshot.held);
}

import { ERROR_CODES } from '../errors/error-codes.js';
import { parseOrThrow } from '../errors/from-zod.js';
import { TillpointsError, isTillpointsError } from '../errors/tillpoints-error.js';
import type { IntentDraft } from '../outbox/intent-draft.js';
import { pointsOfLines } from '../outbox/points-of-lines.js';
import type { RedemptionGrant } from '../outbox/write-redemption.js';
import { writeIntent } from '../outbox/write-intent.js';
import type { Balance } from '../store/balance-view.js';
import type { IntentRecord, MemberRecord } from '../store/records.js';
import type { CachedRuleset } from '../store/ruleset-cache.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import { checkoutArgsSchema, runCheckout, type CheckoutArgs, type CheckoutReceipt, type ParsedCheckoutArgs } from './checkout.js';
import type { Emitter, TerminalEvents } from './events.js';
import type { IntentReceipt } from './intent-receipt.js';
import { accrueArgsSchema, adjustArgsSchema, reverseArgsSchema, type AccrueArgs, type AdjustArgs, type ReverseArgs } from './terminal-arguments.js';

/** An intent as the UI and the other tabs hear of it when it is made. */
export type MadeIntent = Pick<IntentRecord, 'intentId' | 'kind' | 'memberId' | 'points'>;

/** What the terminal lends the writing of intents. */
export interface IntentWriterContext {
  readonly db: TerminalDatabase;
  readonly events: Emitter<TerminalEvents>;
  readonly storeId: string;
  readonly now: () => number;
  readonly nextId: () => string;
  readonly view: (member: MemberRecord) => Balance;
  readonly rules: () => CachedRuleset | undefined;
  /** The id a new intent for a member is written for (looked up at the ledger when not cached; see `knownMemberId`). */
  readonly knownMember: (memberId: string) => Promise<string>;
  /** What a checkout's redemption relies on (see `TillRedemptions.grantForCheckout`). */
  readonly grant: (a: ParsedCheckoutArgs) => Promise<RedemptionGrant | undefined>;
  /** After new intents are stored: wake the sync loop, tell the other tabs, refresh the status. */
  readonly made: () => void;
}

/**
 * The terminal's calls that store intents without asking the ledger first (see
 * `Terminal.accrue`, `reverse`, `adjust`, `checkout`), and the announcement every new intent gets.
 */
export class IntentWriter {
  readonly #c: IntentWriterContext;

  constructor(context: IntentWriterContext) {
    this.#c = context;
  }

  async accrue(args: AccrueArgs): Promise<IntentReceipt> {
    const a = parseOrThrow(accrueArgsSchema, args, ERROR_CODES.invalidArgument, 'invalid accrual');
    const draft: IntentDraft = { kind: 'accrue', memberId: a.memberId, points: a.points, bill: a.bill };
    // A cached member costs one transaction; an unknown one is looked up first, then written.
    try {
      return await this.write(draft, true);
    } catch (error) {
      if (!isTillpointsError(error, ERROR_CODES.memberNotFound) || error.details?.cached !== false) throw error;
    }
    return this.write({ ...draft, memberId: await this.#c.knownMember(a.memberId) }, true);
  }

  async reverse(args: ReverseArgs): Promise<IntentReceipt> {
    const a = parseOrThrow(reverseArgsSchema, args, ERROR_CODES.invalidArgument, 'invalid reversal');
    const original = await this.#c.db.intents.where('intentId').equals(a.originalIntentId).first();
    const memberId = a.memberId ?? original?.memberId;
    // By line, a return takes back exactly what those lines earned; whole, all that is left.
    const byLines = a.lineIds && original ? pointsOfLines(original, a.lineIds) : undefined;
    const points = a.points ?? byLines ?? (original ? (original.appliedPoints ?? original.points) - original.reversedPoints : undefined);
    if (!memberId || !points) {
      throw new TillpointsError(
        ERROR_CODES.invalidReversal,
        original ? `nothing is left to reverse of ${a.originalIntentId}` : `intent ${a.originalIntentId} is not in this till's records: pass memberId, points and originalKind`,
      );
    }
    return this.write({
      kind: 'reverse', memberId, points, originalIntentId: a.originalIntentId,
      ...(a.originalKind ? { originalKind: a.originalKind } : {}),
      ...(a.lineIds ? { lineIds: a.lineIds } : {}),
      ...(a.bill ? { bill: a.bill } : {}),
      ...(a.reason ? { reason: a.reason } : {}),
    });
  }

  async adjust(args: AdjustArgs): Promise<IntentReceipt> {
    const a = parseOrThrow(adjustArgsSchema, args, ERROR_CODES.invalidArgument, 'invalid adjustment');
    return this.write({
      kind: 'adjust', memberId: a.memberId, points: a.points, reason: a.reason, approvedBy: a.approvedBy,
      ...(a.approval ? { approval: a.approval } : {}),
    });
  }

  async checkout(args: CheckoutArgs): Promise<CheckoutReceipt> {
    const c = this.#c;
    const parsed = parseOrThrow(checkoutArgsSchema, args, ERROR_CODES.invalidArgument, 'invalid checkout');
    const known = { ...args, memberId: await c.knownMember(parsed.memberId) };
    const { memberRecord, ...receipt } = await runCheckout(c.db, known, {
      storeId: c.storeId, rules: c.rules(), nextId: c.nextId, now: c.now(), view: c.view, grant: c.grant,
    }).catch((error: unknown) => {
      if (isTillpointsError(error)) throw error;
      throw new TillpointsError(ERROR_CODES.storage, 'the checkout could not be stored; nothing was written', { cause: error });
    });
    const memberId = memberRecord.memberId;
    this.announce(
      [
        ...(receipt.redemption ? [{ ...receipt.redemption, kind: 'redeem' as const, memberId }] : []),
        { ...receipt.accrual, kind: 'accrue' as const, memberId },
      ],
      receipt.balance,
    );
    return receipt;
  }

  /** Stores one intent (with the member's new pending totals) in one transaction and announces it. */
  async write(draft: IntentDraft, cachedOnly = false): Promise<IntentReceipt> {
    const c = this.#c;
    let written;
    try {
      written = await writeIntent(c.db, draft, { intentId: c.nextId(), now: c.now(), cachedOnly });
    } catch (error) {
      if (isTillpointsError(error)) throw error;
      throw new TillpointsError(ERROR_CODES.storage, 'the intent could not be stored; nothing was written', { cause: error });
    }
    const { intent, member } = written;
    const balance = c.view(member);
    this.announce([intent], balance);
    return { intentId: intent.intentId, seq: intent.seq!, status: 'pending', balance };
  }

  /** New intents are stored: tell the UI, then wake the sync loop and the other tabs. */
  announce(intents: readonly MadeIntent[], balance: Balance): void {
    for (const { intentId, kind, memberId, points } of intents) {
      this.#c.events.emit('intent', { intentId, kind, memberId, points, status: 'pending' });
    }
    this.#c.events.emit('balance', balance);
    this.#c.made();
  }
}

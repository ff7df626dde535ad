import { ERROR_CODES } from '../errors/error-codes.js';
import { parseOrThrow } from '../errors/from-zod.js';
import { TillpointsError, isTillpointsError } from '../errors/tillpoints-error.js';
import type { IntentDraft } from '../outbox/intent-draft.js';
import { writeRedemption, type RedemptionGrant } from '../outbox/write-redemption.js';
import type { Balance } from '../store/balance-view.js';
import { loadCachedPolicy } from '../store/policy-cache.js';
import type { IntentRecord, MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { LedgerClient } from '../sync/ledger-client.js';
import { fetchAllowances, hasUsableAllowance, type AllowanceView } from './allowances.js';
import type { ParsedCheckoutArgs } from './checkout.js';
import type { Emitter, TerminalEvents } from './events.js';
import type { HeldPoints } from './held-points.js';
import type { IntentReceipt } from './intent-receipt.js';
import { fetchMember } from './member-lookup.js';
import { grantRedemption, holdForBill, releaseBillHold, useHeldHold, type RedemptionDesk } from './redemption-desk.js';
import {
  holdPointsArgsSchema,
  prefetchAllowancesArgsSchema,
  redeemArgsSchema,
  type HoldPointsArgs,
  type PrefetchAllowancesArgs,
  type RedeemArgs,
} from './terminal-arguments.js';
import type { ResolvedTerminalOptions } from './terminal-options.js';

/** What the terminal lends its redemptions. */
export interface TillRedemptionsContext {
  readonly db: TerminalDatabase;
  readonly client: LedgerClient;
  readonly events: Emitter<TerminalEvents>;
  readonly options: ResolvedTerminalOptions;
  readonly nextId: () => string;
  readonly view: (member: MemberRecord) => Balance;
  /** The id a new intent for a member is written for (looked up at the ledger when not cached; see `knownMemberId`). */
  readonly knownMember: (memberId: string) => Promise<string>;
  /** Tells the UI, the sync loop and the other tabs about new intents. */
  readonly announce: (intents: readonly Pick<IntentRecord, 'intentId' | 'kind' | 'memberId' | 'points'>[], balance: Balance) => void;
}

/**
 * The terminal's redemptions, holds and allowances (see `Terminal.redeem`, `holdPoints`,
 * `releaseHold`, `prefetchAllowances`): the calls that reach for the ledger before they write.
 */
export class TillRedemptions {
  readonly #c: TillRedemptionsContext;

  constructor(context: TillRedemptionsContext) {
    this.#c = context;
  }

  async redeem(args: RedeemArgs): Promise<IntentReceipt> {
    const parsed = parseOrThrow(redeemArgsSchema, args, ERROR_CODES.invalidArgument, 'invalid redemption');
    // A member never looked up here is looked up now (within memberDeadlineMs): the real balance decides.
    const a = { ...parsed, memberId: await this.#c.knownMember(parsed.memberId) };
    const c = this.#c;
    const grant = await grantRedemption(this.#desk(), { memberId: a.memberId, points: a.points, billId: a.bill?.billId, approval: a.approval });
    const draft: IntentDraft = { kind: 'redeem', memberId: a.memberId, points: a.points, ...(a.bill ? { bill: a.bill } : {}) };
    let written;
    try {
      written = await writeRedemption(c.db, draft, grant, { intentId: c.nextId(), now: c.options.now() });
    } catch (error) {
      await grant.undo?.();
      if (isTillpointsError(error)) throw error;
      throw new TillpointsError(ERROR_CODES.storage, 'the redemption could not be stored; nothing was written', { cause: error });
    }
    const balance = c.view(written.member);
    c.announce([written.intent], balance);
    return { intentId: written.intent.intentId, seq: written.intent.seq!, status: 'pending', balance, ...(written.intent.basis ? { basis: written.intent.basis } : {}) };
  }

  /** What a checkout's redemption relies on: the bill's hold (`holdId`), else a new hold or the offline policy. */
  grantForCheckout(a: ParsedCheckoutArgs): Promise<RedemptionGrant | undefined> {
    const c = this.#c;
    if (!a.holdId) return grantRedemption(this.#desk(), { memberId: a.memberId, points: a.redeemPoints!, billId: a.bill.billId, approval: a.approval });
    const holdId = a.holdId;
    return Promise.resolve({ fields: { basis: 'hold', holdId }, apply: (tx, m, points) => useHeldHold(tx, holdId, m, points, c.options.now()) });
  }

  async holdPoints(args: HoldPointsArgs): Promise<HeldPoints> {
    const parsed = parseOrThrow(holdPointsArgsSchema, args, ERROR_CODES.invalidArgument, 'invalid hold');
    const a = { ...parsed, memberId: await this.#c.knownMember(parsed.memberId) };
    const { hold, member } = await holdForBill(this.#desk(), a);
    const balance = this.#c.view(member);
    this.#c.events.emit('balance', balance);
    return { holdId: hold.holdId, memberId: hold.memberId, points: hold.points, expiresAt: hold.expiresAt!, balance };
  }

  async releaseHold(holdId: string): Promise<Balance> {
    const balance = this.#c.view(await releaseBillHold(this.#desk(), holdId));
    this.#c.events.emit('balance', balance);
    return balance;
  }

  async prefetchAllowances(args: PrefetchAllowancesArgs): Promise<AllowanceView[]> {
    const a = parseOrThrow(prefetchAllowancesArgsSchema, args, ERROR_CODES.invalidArgument, 'invalid allowance prefetch');
    return this.#allowances(a);
  }

  /**
   * Under the `allowance` policy, a member looked up online gets an allowance for this till
   * (within the hold deadline; a failure only means no allowance).
   */
  async allowanceFor(memberId: string): Promise<void> {
    const c = this.#c;
    const policy = await loadCachedPolicy(c.db);
    if (policy?.kind !== 'policy' || policy.policy.offline !== 'allowance') return;
    if (await hasUsableAllowance(c.db, memberId, c.options.now())) return;
    await this.#allowances({ memberIds: [memberId] }, c.options.holdDeadlineMs).catch(() => {});
  }

  async #allowances(ask: { memberIds?: readonly string[] | undefined; frequent?: number | undefined }, timeoutMs?: number): Promise<AllowanceView[]> {
    const c = this.#c;
    const { allowances, members } = await fetchAllowances(c.db, c.client, {
      ...(ask.memberIds ? { memberIds: ask.memberIds } : {}), ...(ask.frequent ? { frequent: ask.frequent } : {}),
    }, c.options.now, timeoutMs);
    for (const allowance of allowances) c.events.emit('allowance', allowance);
    for (const m of members) c.events.emit('balance', c.view(m));
    return allowances;
  }

  #desk(): RedemptionDesk {
    const c = this.#c;
    return {
      db: c.db, client: c.client, now: c.options.now, holdDeadlineMs: c.options.holdDeadlineMs, newId: c.nextId,
      balanceAsOf: (m) => c.view(m).asOf,
      refresh: (memberId) => {
        void fetchMember(c.db, c.client, { memberId }, c.options.now())
          .then((stored) => c.events.emit('balance', c.view(stored)))
          .catch(() => {});
      },
    };
  }
}

import type { IntentV1, LedgerLimitsV1, RedemptionPolicyV1 } from '../../protocol/index.js';
import type { Decision } from '../apply/decide-intent.js';
import { saveSkew } from '../clock/clock-store.js';
import { correctBillTime, estimateSkew } from '../clock/till-clock.js';
import { ManagerApprovals, type WithoutPins } from '../managers/manager-approvals.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { decideLimits, type WindowTotals } from './decide-limits.js';
import { loadTillSettings } from './limit-store.js';
import { needsWindows, resolveLimits, type Limits } from './limits.js';
import { DAY_MINUTES, HOUR_MINUTES, MinuteWindows, minuteOf } from './minute-windows.js';
import { loadMemberRedemptions, loadTerminalGrants, saveTerminalGrants } from './window-store.js';

/** Who sent a batch: a till of a store, with its clock reading, and the ledger's `limits` option. */
export interface TillContext {
  readonly terminalId: string;
  readonly storeId: string;
  /** The till's clock when it sent the push, when it said. */
  readonly sentAt?: string | undefined;
  /** The program's default limits (the ledger's `limits` option). */
  readonly limits?: LedgerLimitsV1 | undefined;
  /** The programme's default redemption policy (the ledger's `redemptionPolicy` option). */
  readonly redemptionPolicy?: RedemptionPolicyV1 | undefined;
}

const DAY_MS = 86_400_000;

/**
 * What one till may do within one push batch: its bills' corrected times, the limits of its
 * store, the window totals those limits need (loaded once per batch, moved as intents apply)
 * and its managers' approvals. Admin intents never go through it.
 */
export class TillAuthority {
  readonly #billedAt = new Map<string, string>();
  readonly #corrected: { intent_id: string; billed_at: string }[] = [];
  readonly #granted = new Map<number, number>();

  private constructor(
    readonly terminalId: string,
    readonly limits: Limits,
    readonly skewMs: number,
    readonly at: string,
    readonly approvals: ManagerApprovals,
    readonly grants: MinuteWindows | undefined,
    readonly redemptions: Map<string, MinuteWindows> | undefined,
  ) {}

  /** Loads what the batch needs: one query for settings, then window totals only for the limits configured. */
  static async load(tx: SqlExecutor, batch: WithoutPins, at: string, till: TillContext): Promise<TillAuthority> {
    const settings = await loadTillSettings(tx, till.terminalId, till.storeId);
    const skewMs = till.sentAt ? estimateSkew(till.sentAt, at) : (settings.skewMs ?? 0);
    if (till.sentAt) await saveSkew(tx, till.terminalId, skewMs, settings.skewMs, at);
    const limits = resolveLimits([settings.store, settings.program, till.limits]);
    const need = needsWindows(limits);
    const times = batch.intents.map((i) => Date.parse(correctBillTime(i.occurredAt, skewMs, at)));
    // Every window a bill of the batch falls in: a day either side.
    const from = new Date(Math.min(...times) - DAY_MS).toISOString();
    const to = new Date(Math.max(...times) + DAY_MS).toISOString();
    const grants = need.terminal ? await loadTerminalGrants(tx, till.terminalId, minuteOf(from), minuteOf(to)) : undefined;
    const redeemers = [...new Set(batch.intents.filter((i) => i.kind === 'redeem').map((i) => i.memberId))];
    const redemptions = need.member && redeemers.length > 0 ? await loadMemberRedemptions(tx, redeemers, from, to) : undefined;
    const approvals = await ManagerApprovals.load(tx, till.storeId, batch);
    return new TillAuthority(till.terminalId, limits, skewMs, at, approvals, grants, redemptions);
  }

  /** The time a bill is judged at: the till's time corrected for its clock, never far in the ledger's future. */
  readonly billTime = (intent: IntentV1): string => {
    let t = this.#billedAt.get(intent.intentId);
    if (!t) this.#billedAt.set(intent.intentId, (t = correctBillTime(intent.occurredAt, this.skewMs, this.at)));
    return t;
  };

  /**
   * Admits an intent the ledger would apply, or refuses it: an adjustment without a valid
   * manager approval, or anything beyond a limit. Counts what it admits, so a later intent
   * of the batch sees it. `earned`: the ledger's rules earned the accrual's points.
   */
  async admit(tx: SqlExecutor, intent: IntentV1, decision: Extract<Decision, { outcome: 'applied' }>, earned: boolean): Promise<Decision | undefined> {
    if (intent.kind === 'adjust') {
      const refused = await this.approvals.check(tx, intent, this.at);
      if (refused) return { outcome: 'rejected', ...refused };
    }
    const granted = (intent.kind === 'accrue' || intent.kind === 'adjust') && decision.memberDelta > 0 ? decision.memberDelta : 0;
    const billedAt = this.billTime(intent);
    const minute = minuteOf(billedAt);
    const memberWindows = this.redemptions?.get(intent.memberId);
    const totals: WindowTotals = {
      terminalHour: this.grants?.peak(minute, HOUR_MINUTES) ?? 0,
      terminalDay: this.grants?.peak(minute, DAY_MINUTES) ?? 0,
      memberRedemptionsDay: memberWindows?.peak(minute, DAY_MINUTES) ?? 0,
    };
    const refused = decideLimits({ kind: intent.kind, granted, manual: intent.kind === 'accrue' && !earned }, totals, this.limits);
    if (refused) return { outcome: 'rejected', ...refused };
    if (this.grants && granted > 0) {
      this.grants.add(minute, granted);
      this.#granted.set(minute, (this.#granted.get(minute) ?? 0) + granted);
    }
    if (intent.kind === 'redeem') memberWindows?.add(minute, 1);
    if (billedAt !== intent.occurredAt) this.#corrected.push({ intent_id: intent.intentId, billed_at: billedAt });
    return undefined;
  }

  /** Stores the terminal's new grants (when a terminal limit is set) and the corrected bill times of applied intents whose till clock was off. */
  async write(tx: SqlExecutor): Promise<void> {
    await saveTerminalGrants(tx, this.terminalId, this.#granted);
    if (this.#corrected.length === 0) return;
    await tx.query(
      `UPDATE intents i SET billed_at = u.billed_at
         FROM jsonb_to_recordset($1::jsonb) AS u(intent_id text, billed_at timestamptz)
        WHERE i.intent_id = u.intent_id`,
      [JSON.stringify(this.#corrected)],
    );
  }
}

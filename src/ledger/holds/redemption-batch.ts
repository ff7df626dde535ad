import type { IntentV1, RedeemIntentV1, RedemptionPolicyV1, ResolvedRedemptionPolicyV1 } from '../../protocol/index.js';
import type { Decision } from '../apply/decide-intent.js';
import type { MemberState } from '../apply/member-state.js';
import type { ManagerApprovals } from '../managers/manager-approvals.js';
import { resolvedPolicyFor } from '../policy/resolve-policy.js';
import { instantColumn, intColumn } from '../sql/columns.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { decideRedemption } from './decide-redemption.js';
import { lockHolds, saveHolds } from './hold-store.js';
import type { Hold } from './hold.js';
import type { RedemptionEffect } from './redemption-effect.js';

/** A redemption that says what the till relied on. */
type BasedRedemption = RedeemIntentV1 & { basis: NonNullable<RedeemIntentV1['basis']> };

const isBased = (intent: IntentV1): intent is BasedRedemption => intent.kind === 'redeem' && intent.basis !== undefined;

/** Points spent on limit terms at one bill time (the caps' windows). */
interface OfflineSpend {
  readonly memberId: string;
  readonly terminalId: string;
  readonly at: number;
  readonly points: number;
}

const DAY_MS = 86_400_000;

/**
 * What one batch needs to decide its redemptions with a basis: each store's policy, the holds
 * they name (locked, after their members), and what was spent on limit terms within a day of
 * their bills. Loaded only when the batch has such a redemption: older tills' batches pay nothing.
 */
export class RedemptionBatch {
  readonly #effects: { intent_id: string; basis: string; exposure: number; shortfall: number; shortfall_to: string | null }[] = [];
  readonly #touched = new Set<Hold>();

  private constructor(
    readonly policies: ReadonlyMap<string, ResolvedRedemptionPolicyV1>,
    readonly holds: ReadonlyMap<string, Hold>,
    readonly spent: OfflineSpend[],
    readonly billTime: (intent: IntentV1) => string,
  ) {}

  /** Loads what the batch's redemptions with a basis need; undefined when it has none. Call with their members locked. */
  static async load(
    tx: SqlExecutor,
    intents: readonly IntentV1[],
    defaults: RedemptionPolicyV1,
    billTime: (intent: IntentV1) => string = (i) => i.occurredAt,
  ): Promise<RedemptionBatch | undefined> {
    const based = intents.filter(isBased);
    if (based.length === 0) return undefined;
    const policies = new Map<string, ResolvedRedemptionPolicyV1>();
    for (const storeId of new Set(based.map((i) => i.storeId))) policies.set(storeId, await resolvedPolicyFor(tx, storeId, defaults));
    const holds = await lockHolds(tx, based.flatMap((i) => (i.holdId ? [i.holdId] : [])));
    const times = based.map((i) => Date.parse(billTime(i)));
    const rows = await tx.query(
      `SELECT member_id, terminal_id, coalesce(billed_at, occurred_at) AS billed, exposure FROM intents
        WHERE exposure > 0 AND (member_id = ANY($1::text[]) OR terminal_id = ANY($2::text[]))
          AND coalesce(billed_at, occurred_at) BETWEEN $3::timestamptz AND $4::timestamptz`,
      [
        [...new Set(based.map((i) => i.memberId))],
        [...new Set(based.map((i) => i.terminalId))],
        new Date(Math.min(...times) - DAY_MS).toISOString(),
        new Date(Math.max(...times)).toISOString(),
      ],
    );
    const spent = rows.map((r) => ({
      memberId: String(r.member_id),
      terminalId: String(r.terminal_id),
      at: Date.parse(instantColumn(r.billed)),
      points: intColumn(r.exposure),
    }));
    return new RedemptionBatch(policies, holds, spent, billTime);
  }

  /** Whether this batch decides `intent` (a redemption with a basis). */
  decides(intent: IntentV1): intent is BasedRedemption {
    return isBased(intent);
  }

  /** Decides a redemption with a basis against its locked member (an override's approval checked by `approvals`). */
  async decide(tx: SqlExecutor, intent: BasedRedemption, member: MemberState, approvals: ManagerApprovals | undefined, at: string): Promise<Decision> {
    const t = Date.parse(this.billTime(intent));
    const within = (s: OfflineSpend) => s.at <= t && s.at >= t - DAY_MS;
    const sum = (keep: (s: OfflineSpend) => boolean) => this.spent.reduce((n, s) => n + (within(s) && keep(s) ? s.points : 0), 0);
    const approvalRefusal =
      intent.basis !== 'override'
        ? undefined
        : approvals
          ? await approvals.check(tx, intent, at)
          : { reason: 'manager_approval_required' as const, message: 'an override redemption needs a manager of the till\'s store' };
    return decideRedemption({
      intent,
      member,
      hold: intent.holdId ? this.holds.get(intent.holdId) : undefined,
      policy: this.policies.get(intent.storeId)!,
      offlineWithinDay: { member: sum((s) => s.memberId === intent.memberId), till: sum((s) => s.terminalId === intent.terminalId) },
      approvalRefusal,
    });
  }

  /** Records what an applied redemption did, so later intents of the batch see it. */
  applied(intent: BasedRedemption, effect: RedemptionEffect): void {
    if (effect.hold) {
      const hold = this.holds.get(effect.hold.holdId)!;
      hold.captured = effect.hold.captured;
      hold.state = effect.hold.state;
      this.#touched.add(hold);
    }
    if (effect.exposure > 0) {
      this.spent.push({ memberId: intent.memberId, terminalId: intent.terminalId, at: Date.parse(this.billTime(intent)), points: effect.exposure });
    }
    this.#effects.push({ intent_id: intent.intentId, basis: effect.basis, exposure: effect.exposure, shortfall: effect.shortfall, shortfall_to: effect.shortfallTo });
  }

  /** Stores the holds captured from and each applied redemption's basis, exposure and shortfall (after the intents are inserted). */
  async write(tx: SqlExecutor, at: string): Promise<void> {
    for (const hold of this.#touched) if (hold.state !== 'open' && hold.closedAt === null) hold.closedAt = at;
    await saveHolds(tx, [...this.#touched]);
    if (this.#effects.length === 0) return;
    await tx.query(
      `UPDATE intents i SET basis = u.basis, exposure = u.exposure, shortfall = u.shortfall, shortfall_to = u.shortfall_to
         FROM jsonb_to_recordset($1::jsonb) AS u(intent_id text, basis text, exposure bigint, shortfall bigint, shortfall_to text)
        WHERE i.intent_id = u.intent_id`,
      [JSON.stringify(this.#effects)],
    );
  }
}

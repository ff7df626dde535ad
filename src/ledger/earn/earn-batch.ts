import type { AccrueIntentV1, IntentV1 } from '../../protocol/index.js';
import { promotionPointsOf } from '../../rules/index.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { loadRulesets } from '../store/ruleset-store.js';
import { loadEarnState } from './earn-state.js';
import { reviewAccrual, type AccrualRefusal, type AccrualReview, type EarnMemberState } from './review-accrual.js';

/**
 * The earning rules for one push batch: loads the rulesets and the members' earn state
 * once, reviews each accrual with bill lines, and keeps the state moving as accruals
 * apply (a second bill of the batch sees the first one's visit and points).
 */
export class EarnBatch {
  readonly #changed = new Set<string>();

  private constructor(
    readonly states: Map<string, EarnMemberState>,
    readonly review: (intent: AccrueIntentV1) => AccrualReview | AccrualRefusal | undefined,
  ) {}

  /**
   * Loads what the batch's accruals with lines need; undefined when none has lines or no ruleset
   * exists. `billTime`: the time each bill is judged at (a till's corrected clock), by default its `occurredAt`.
   */
  static async load(
    tx: SqlExecutor,
    intents: readonly IntentV1[],
    at: string,
    graceMs: number,
    billTime: (intent: IntentV1) => string = (intent) => intent.occurredAt,
  ): Promise<EarnBatch | undefined> {
    const accruals = intents.filter((i): i is AccrueIntentV1 => i.kind === 'accrue' && (i.bill.lines?.length ?? 0) > 0);
    if (accruals.length === 0) return undefined;
    const rulesets = await loadRulesets(tx);
    if (rulesets.length === 0) return undefined;
    const states = await loadEarnState(tx, [...new Set(accruals.map((i) => i.memberId))], rulesets[rulesets.length - 1]!.ruleset.tiers, at);
    return new EarnBatch(states, (intent) => {
      const state = states.get(intent.memberId);
      return state ? reviewAccrual(intent, rulesets, state, graceMs, billTime(intent)) : undefined;
    });
  }

  /** Moves the member's earn state past an applied accrual. */
  applied(memberId: string, review: AccrualReview): void {
    const state = this.states.get(memberId);
    if (!state) return;
    state.visits += 1;
    state.qualifyingPoints += review.points;
    state.tier = review.earn.tier.after;
    for (const [id, points] of Object.entries(promotionPointsOf(review.earn))) {
      state.promotionPoints[id] = (state.promotionPoints[id] ?? 0) + points;
    }
    this.#changed.add(memberId);
  }

  /**
   * Gives back promotion points a return released, when this batch holds the member's state
   * (a later bill of the batch must see them). Returns false when the caller must write it.
   */
  release(memberId: string, points: Readonly<Record<string, number>>): boolean {
    const state = this.states.get(memberId);
    if (!state) return false;
    for (const [id, p] of Object.entries(points)) state.promotionPoints[id] = Math.max(0, (state.promotionPoints[id] ?? 0) - p);
    this.#changed.add(memberId);
    return true;
  }

  /** Writes the tiers and promotion usage of the members whose accruals applied. */
  async write(tx: SqlExecutor): Promise<void> {
    if (this.#changed.size === 0) return;
    const ids = [...this.#changed];
    await tx.query(
      `UPDATE members m SET tier = u.tier FROM jsonb_to_recordset($1::jsonb) AS u(member_id text, tier text) WHERE m.member_id = u.member_id`,
      [JSON.stringify(ids.map((id) => ({ member_id: id, tier: this.states.get(id)!.tier })))],
    );
    const promotions = ids.flatMap((id) =>
      Object.entries(this.states.get(id)!.promotionPoints).map(([promotion_id, points]) => ({ member_id: id, promotion_id, points })),
    );
    if (promotions.length > 0) {
      await tx.query(
        `INSERT INTO member_promotions (member_id, promotion_id, points)
         SELECT member_id, promotion_id, points FROM jsonb_to_recordset($1::jsonb) AS u(member_id text, promotion_id text, points bigint)
         ON CONFLICT (member_id, promotion_id) DO UPDATE SET points = EXCLUDED.points`,
        [JSON.stringify(promotions)],
      );
    }
  }
}

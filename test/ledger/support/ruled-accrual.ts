import { evaluateEarn, type RulesetV1Input } from '../../../src/rules/index.js';
import { fashionRuleset } from '../../rules/support/fashion-ruleset.js';
import { line } from '../../rules/support/bills.js';
import { intentMaker, type TestLedger } from '../../support/ledger-fixture.js';

/** A Tuesday, 11:30 in India. */
export const AT = '2026-11-10T06:00:00.000Z';

/**
 * The fashion ruleset with two always-on promotions with per-member caps, so returns must
 * give back what their lines used: `launch` (×2 on apparel) and `welcome` (a 40-point bill
 * bonus), or with `ids`, other names for them (`constructor`, `toString`: ids every
 * JavaScript object "has").
 */
export function rulesetWithPromotions(ids: readonly [string, string] = ['launch', 'welcome']) {
  return {
    ...fashionRuleset,
    version: 1,
    promotions: [
      { id: ids[0], name: 'Launch', categories: ['apparel'], reward: { kind: 'multiplier', percent: 200 }, capPerMember: 100_000 },
      { id: ids[1], name: 'Welcome', reward: { kind: 'bonus', points: 40 }, capPerMember: 1_000 },
    ],
  } satisfies RulesetV1Input;
}

/** Publishes `ruleset` (effective long before {@link AT}). */
export async function publishRuleset(t: TestLedger, ruleset: RulesetV1Input): Promise<void> {
  const r = await t.post('/v1/admin/rulesets', { protocol: 'v1', ruleset, effectiveFrom: '2026-01-01T00:00:00Z' }, t.adminKey);
  if (r.status !== 201) throw new Error(`publish: ${JSON.stringify(r.body)}`);
}

/** An accrual of a first bill of `memberId` with lines `lineIds` (apparel), honoured as the till computed it. */
export function ruledAccrual(
  ruleset: RulesetV1Input,
  make: ReturnType<typeof intentMaker>,
  memberId: string,
  lineIds: readonly string[] = ['L1', 'L2'],
) {
  const lines = lineIds.map((id, i) => line(id, `SKU-${i}`, 'apparel', 1_000 + i * 500));
  const earn = evaluateEarn(ruleset, { billId: `B-${memberId}`, storeId: 'S1', at: AT, lines }, {
    tier: 'silver', visits: 0, qualifyingPoints: 0, promotionPoints: {},
  });
  const amountPaise = lines.reduce((sum, l) => sum + l.amountPaise, 0);
  const intent = {
    ...make.accrue(memberId, earn.total),
    occurredAt: AT,
    rulesetVersion: 1,
    memberSnapshot: { tier: 'silver', visits: 0, qualifyingPoints: 0, promotionPoints: {} },
    bill: { billId: `B-${memberId}`, amountPaise, lines: lines.map((l, i) => ({ ...l, points: earn.lines[i]!.points })) },
  };
  const pointsOf = (lineId: string) => earn.lines.find((l) => l.lineId === lineId)!.points;
  return { earn, intent, pointsOf };
}

/** A member's per-promotion usage as the ledger stores it. */
export async function promotionUsage(t: TestLedger, memberId: string): Promise<Map<string, number>> {
  const rows = await t.ledger.database.query(
    `SELECT promotion_id, points::int AS points FROM member_promotions WHERE member_id = $1 ORDER BY promotion_id`,
    [memberId],
  );
  return new Map(rows.map((r) => [String(r.promotion_id), Number(r.points)]));
}

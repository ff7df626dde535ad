import type { SqlExecutor } from '../sql/sql-database.js';

/** Takes returned points off the members' per-promotion totals (never below zero). */
export async function releasePromotions(
  tx: SqlExecutor,
  returned: readonly { memberId: string; points: Readonly<Record<string, number>> }[],
): Promise<void> {
  const rows = returned.flatMap((r) => Object.entries(r.points).map(([promotion_id, points]) => ({ member_id: r.memberId, promotion_id, points })));
  if (rows.length === 0) return;
  await tx.query(
    `UPDATE member_promotions m SET points = greatest(0, m.points - u.points)
       FROM (SELECT member_id, promotion_id, sum(points) AS points
               FROM jsonb_to_recordset($1::jsonb) AS r(member_id text, promotion_id text, points bigint)
              GROUP BY member_id, promotion_id) u
      WHERE m.member_id = u.member_id AND m.promotion_id = u.promotion_id`,
    [JSON.stringify(rows)],
  );
}

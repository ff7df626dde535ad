import type { TestLedger } from '../../support/ledger-fixture.js';

/** A member's row as far as money and identity go. */
export interface MemberRow {
  readonly points: number;
  readonly held: number;
  readonly version: number;
  readonly visits: number;
  readonly tier: string;
  readonly card: string | null;
  readonly phone: string | null;
}

/** What a refused request must leave as it was. */
export interface LedgerSnapshot {
  readonly counts: Readonly<Record<'intents' | 'journal' | 'members' | 'terminals', number>>;
  readonly rulesets: number;
  readonly promotions: string;
  readonly lastJournalEntry: number;
  readonly members: ReadonlyMap<string, MemberRow>;
  /** Terminals with their store and whether revoked (not `last_seq`, which any push moves). */
  readonly terminals: string;
}

/** Reads the ledger's state straight from its database. */
export async function takeSnapshot(t: TestLedger): Promise<LedgerSnapshot> {
  const db = t.ledger.database;
  const [counts] = await db.query(
    `SELECT (SELECT count(*) FROM intents)::int AS intents, (SELECT count(*) FROM journal)::int AS journal,
            (SELECT count(*) FROM members)::int AS members, (SELECT count(*) FROM terminals)::int AS terminals,
            (SELECT count(*) FROM rulesets)::int AS rulesets,
            (SELECT coalesce(max(entry_id), 0) FROM journal)::text AS last_entry,
            (SELECT coalesce(string_agg(member_id || '/' || promotion_id || '=' || points, ',' ORDER BY member_id, promotion_id), '') FROM member_promotions) AS promotions,
            (SELECT coalesce(string_agg(terminal_id || '/' || store_id || '/' || (revoked_at IS NULL)::text, ',' ORDER BY terminal_id), '') FROM terminals) AS terminals`,
  );
  const rows = await db.query(
    `SELECT member_id, points::text AS points, held::text AS held, version::text AS version, visits, tier, card_number, phone FROM members`,
  );
  const members = new Map<string, MemberRow>(
    rows.map((r) => [
      String(r.member_id),
      {
        points: Number(r.points),
        held: Number(r.held),
        version: Number(r.version),
        visits: Number(r.visits),
        tier: String(r.tier),
        card: (r.card_number as string | null) ?? null,
        phone: (r.phone as string | null) ?? null,
      },
    ]),
  );
  return {
    counts: { intents: counts!.intents as number, journal: counts!.journal as number, members: counts!.members as number, terminals: counts!.terminals as number },
    rulesets: counts!.rulesets as number,
    promotions: String(counts!.promotions),
    lastJournalEntry: Number(counts!.last_entry),
    members,
    terminals: String(counts!.terminals),
  };
}

/** A snapshot as plain data, for `toEqual` and failure messages. */
export function plainSnapshot(s: LedgerSnapshot): unknown {
  return { ...s, members: Object.fromEntries([...s.members].sort(([a], [b]) => (a < b ? -1 : 1))) };
}

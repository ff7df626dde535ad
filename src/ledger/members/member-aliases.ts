import type { SqlExecutor } from '../sql/sql-database.js';

/** The surviving member of each of `ids` that is an alias (a till-made id merged into a member). */
export async function loadAliases(tx: SqlExecutor, ids: readonly string[]): Promise<Map<string, string>> {
  const aliases = new Map<string, string>();
  if (ids.length === 0) return aliases;
  const rows = await tx.query(`SELECT alias_id, member_id FROM member_aliases WHERE alias_id = ANY($1::text[])`, [[...new Set(ids)]]);
  for (const r of rows) aliases.set(String(r.alias_id), String(r.member_id));
  return aliases;
}

/** The member `aliasId` was merged into, if it is an alias. */
export async function survivorOf(tx: SqlExecutor, aliasId: string): Promise<string | undefined> {
  return (await loadAliases(tx, [aliasId])).get(aliasId);
}

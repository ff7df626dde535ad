import { rulesetV1Schema, type RulesetV1 } from '../../rules/index.js';
import { LedgerHttpError } from '../http/ledger-http-error.js';
import { instantColumn, intColumn } from '../sql/columns.js';
import type { SqlExecutor } from '../sql/sql-database.js';

/** A published ruleset and when it applies. */
export interface PublishedRuleset {
  readonly version: number;
  readonly ruleset: RulesetV1;
  /** Bills made from this instant on are earned by this version. */
  readonly effectiveFrom: string;
  readonly publishedAt: string;
}

// Published rulesets never change, so one parsed object per distinct body serves every
// request; the engine then compiles each ruleset once (it caches by object).
const parsedBodies = new Map<string, RulesetV1>();
const MAX_PARSED = 256;

function parseBody(body: unknown): RulesetV1 {
  const key = typeof body === 'string' ? body : JSON.stringify(body);
  let parsed = parsedBodies.get(key);
  if (!parsed) {
    parsed = rulesetV1Schema.parse(typeof body === 'string' ? JSON.parse(body) : body);
    if (parsedBodies.size >= MAX_PARSED) parsedBodies.delete(parsedBodies.keys().next().value!);
    parsedBodies.set(key, parsed);
  }
  return parsed;
}

function toPublished(row: Record<string, unknown>): PublishedRuleset {
  return {
    version: intColumn(row.version),
    ruleset: parseBody(row.body),
    effectiveFrom: instantColumn(row.effective_from),
    publishedAt: instantColumn(row.published_at),
  };
}

/**
 * Publishes the next ruleset version (exactly one more than the newest, never a change
 * to a published one), published `at` (the ledger's clock). Validates it with the rules engine's schema.
 */
export async function publishRuleset(db: SqlExecutor, body: unknown, effectiveFrom: string, at: string): Promise<PublishedRuleset> {
  const parsed = rulesetV1Schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 50).map((i) => ({ path: ['ruleset', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message }));
    throw new LedgerHttpError(400, 'invalid_request', `invalid ruleset: ${issues[0]?.path.join('.')}: ${issues[0]?.message}`, issues);
  }
  const newest = intColumn((await db.query(`SELECT coalesce(max(version), 0) AS v FROM rulesets`))[0]!.v);
  if (parsed.data.version !== newest + 1) {
    throw new LedgerHttpError(409, 'ruleset_version_conflict', `the next ruleset version is ${newest + 1}, not ${parsed.data.version}`);
  }
  const rows = await db.query(
    `INSERT INTO rulesets (version, body, effective_from, published_at) VALUES ($1, $2::jsonb, $3::timestamptz, $4::timestamptz)
     ON CONFLICT (version) DO NOTHING
     RETURNING version, body, effective_from, published_at`,
    [parsed.data.version, JSON.stringify(body), effectiveFrom, at],
  );
  if (!rows[0]) throw new LedgerHttpError(409, 'ruleset_version_conflict', `ruleset version ${parsed.data.version} was just published`);
  return toPublished(rows[0]);
}

/** Every published ruleset, oldest first (a brand publishes a handful a year). */
export async function loadRulesets(db: SqlExecutor): Promise<PublishedRuleset[]> {
  const rows = await db.query(`SELECT version, body::text AS body, effective_from, published_at FROM rulesets ORDER BY version`);
  return rows.map(toPublished);
}

/** The ruleset in force at `at`: the newest version whose `effectiveFrom` is not after it. */
export function rulesetInForce(rulesets: readonly PublishedRuleset[], at: string): PublishedRuleset | undefined {
  const t = Date.parse(at);
  let found: PublishedRuleset | undefined;
  for (const r of rulesets) if (Date.parse(r.effectiveFrom) <= t && (!found || r.version > found.version)) found = r;
  return found;
}

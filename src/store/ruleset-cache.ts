import type { RulesetResponseV1 } from '../protocol/index.js';
import { rulesetV1Schema, type RulesetV1 } from '../rules/index.js';
import type { TerminalDatabase } from './terminal-database.js';

/** The earning rules this till computes with, kept for offline use. */
export interface CachedRuleset {
  readonly version: number;
  readonly effectiveFrom: string;
  readonly ruleset: RulesetV1;
}

const KEY = 'ruleset';

/** The ruleset the till last pulled, or undefined. */
export async function loadCachedRuleset(db: TerminalDatabase): Promise<CachedRuleset | undefined> {
  const stored = (await db.meta.get(KEY))?.value as RulesetResponseV1 | undefined;
  if (!stored) return undefined;
  const parsed = rulesetV1Schema.safeParse(stored.ruleset);
  return parsed.success ? { version: stored.version, effectiveFrom: stored.effectiveFrom, ruleset: parsed.data } : undefined;
}

/**
 * Keeps a ruleset the ledger sent, after checking it with the engine's own schema.
 * Returns it parsed, or undefined when it is not a valid ruleset (nothing is stored then).
 */
export async function saveCachedRuleset(db: TerminalDatabase, response: RulesetResponseV1): Promise<CachedRuleset | undefined> {
  const parsed = rulesetV1Schema.safeParse(response.ruleset);
  if (!parsed.success || parsed.data.version !== response.version) return undefined;
  await db.meta.put({ key: KEY, value: response });
  return { version: response.version, effectiveFrom: response.effectiveFrom, ruleset: parsed.data };
}

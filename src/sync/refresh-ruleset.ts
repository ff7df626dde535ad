import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import { saveCachedRuleset, type CachedRuleset } from '../store/ruleset-cache.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { LedgerClient } from './ledger-client.js';

/**
 * The ruleset phase of a round: fetches the ruleset in force at the ledger and, when it is
 * another version than `heldVersion`, checks and stores it. Returns the ruleset stored, or
 * undefined when there was nothing new. A ruleset that is not valid fails the round
 * (`protocol_violation`) and stores nothing.
 */
export async function refreshRuleset(db: TerminalDatabase, client: LedgerClient, heldVersion: number | undefined): Promise<CachedRuleset | undefined> {
  const answer = await client.ruleset();
  if (!answer || answer.version === heldVersion) return undefined;
  const saved = await saveCachedRuleset(db, answer);
  if (!saved) {
    throw new TillpointsError(ERROR_CODES.protocolViolation, `the ledger sent ruleset version ${answer.version}, which is not a valid ruleset`);
  }
  return saved;
}

import type { CachedRuleset } from '../store/ruleset-cache.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { Emitter, TerminalEvents } from '../terminal/events.js';
import type { LedgerClient } from './ledger-client.js';
import { pruneSettled } from './prune-settled.js';
import { pullChanges } from './pull-round.js';
import { pushPending, type PushTally } from './push-intents.js';
import { refreshRuleset } from './refresh-ruleset.js';
import { ensureWireNumbering } from './wire-numbering.js';

/** Everything a round's phases need; the facade builds it from the terminal's options. */
export interface SyncRoundOptions {
  readonly db: TerminalDatabase;
  readonly client: LedgerClient;
  readonly terminal: { readonly terminalId: string; readonly storeId: string };
  readonly events: Emitter<TerminalEvents>;
  readonly batchSize: number;
  readonly retainSettledMs: number;
  readonly staleAfterMs: number;
  readonly now: () => number;
  /** Called when a newer ruleset was pulled and stored. */
  readonly onRuleset?: (ruleset: CachedRuleset) => void;
  /** More work for each round, after push, pull and ruleset (the holds' tidying); a failure fails the round. */
  readonly afterPull?: () => Promise<void>;
  /** Fetches and caches a member (the survivor of a merge) from the ledger. */
  readonly refreshMember?: (memberId: string) => Promise<unknown>;
}

/** What the loop remembers between rounds that the phases read and move. */
export interface RoundMemory {
  /** When the last complete pull ended. */
  lastPullAt: number | null;
  /** Whether the ledger was reached (null: not known yet). */
  online: boolean | null;
  /** The ruleset version this till holds. */
  rulesetVersion: number | undefined;
}

/**
 * The phases of one round of the leader, in order; the first failure ends the round:
 * 1. wire numbering: a till that started on an empty database registers its incarnation;
 * 2. push (`pushPending`): the pending intents, in seq order and in batches, settled;
 * 3. pull (`pullChanges`): balances changed elsewhere, for the members this till holds;
 * 4. ruleset (`refreshRuleset`): a newer earning ruleset, stored for offline use;
 * 5. holds (`afterPull`): the facade's tidying of holds and allowances;
 * 6. prune (`pruneSettled`): the audit trail past its retention.
 */
export async function runRoundPhases(o: SyncRoundOptions, memory: RoundMemory): Promise<PushTally & { pulled: number }> {
  const numbering = await ensureWireNumbering(o.db, o.client);
  const pushed = await pushPending({
    ...o,
    numbering,
    pulledAt: () => memory.lastPullAt,
    reached: () => {
      memory.online = true;
    },
  });
  const { pulled, completeAt } = await pullChanges(o);
  if (completeAt !== null) memory.lastPullAt = completeAt;
  const ruleset = await refreshRuleset(o.db, o.client, memory.rulesetVersion);
  if (ruleset) {
    memory.rulesetVersion = ruleset.version;
    o.onRuleset?.(ruleset);
  }
  await o.afterPull?.();
  await pruneSettled(o.db, o.now() - o.retainSettledMs);
  return { ...pushed, pulled };
}

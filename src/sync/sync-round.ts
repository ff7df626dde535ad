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
 * The push of the leader: wire numbering (a till that started on an empty database registers
 * its incarnation first), then the pending intents in seq order and in batches, settled
 * (`pushPending`). It runs on its own as soon as an intent is stored, and first in every round.
 */
export async function runPushPhase(o: SyncRoundOptions, memory: RoundMemory): Promise<PushTally> {
  const numbering = await ensureWireNumbering(o.db, o.client);
  return pushPending({
    ...o,
    numbering,
    pulledAt: () => memory.lastPullAt,
    reached: () => {
      memory.online = true;
    },
  });
}

/**
 * The phases of a round after its push, in order, on the pull interval's cadence; the
 * first failure ends the round:
 * 1. pull (`pullChanges`): balances changed elsewhere, for the members this till holds;
 * 2. ruleset (`refreshRuleset`): a newer earning ruleset, stored for offline use;
 * 3. holds (`afterPull`): the facade's tidying of holds and allowances;
 * 4. prune (`pruneSettled`): the audit trail past its retention.
 * A push may run beside them (a bill stored meanwhile): each phase and each push writes in its
 * own IndexedDB transactions, and a pulled balance goes through the same count-once rule as a
 * push's answer (`takeLedgerBalance`), so the order in which they land never counts an intent twice.
 */
export async function runAfterPushPhases(o: SyncRoundOptions, memory: RoundMemory): Promise<{ pulled: number }> {
  const { pulled, completeAt } = await pullChanges(o);
  if (completeAt !== null) memory.lastPullAt = completeAt;
  const ruleset = await refreshRuleset(o.db, o.client, memory.rulesetVersion);
  if (ruleset) {
    memory.rulesetVersion = ruleset.version;
    o.onRuleset?.(ruleset);
  }
  await o.afterPull?.();
  await pruneSettled(o.db, o.now() - o.retainSettledMs);
  return { pulled };
}

import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import { conflictAction } from '../policy/conflict-action.js';
import type { IntentRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';

/** A refused intent waiting for the cashier. */
export interface Conflict {
  readonly intentId: string;
  readonly memberId: string;
  readonly kind: IntentRecord['kind'];
  readonly points: number;
  readonly reason: string;
  readonly message: string;
  /** What the cashier should do, in words (as on the `conflict` event). */
  readonly action: string;
  readonly settledAt: number;
}

/** The refused intents not yet acknowledged, oldest first. */
export async function listConflicts(db: TerminalDatabase): Promise<Conflict[]> {
  const rejected = await db.intents.where('[state+seq]').between(['rejected', 0], ['rejected', Infinity]).toArray();
  return rejected
    .filter((i) => i.acknowledged === false)
    .map((i) => {
      const reason = i.outcome?.outcome === 'rejected' ? i.outcome.reason : 'unknown';
      return {
        intentId: i.intentId, memberId: i.memberId, kind: i.kind, points: i.points, reason,
        message: i.outcome?.outcome === 'rejected' ? i.outcome.message : '',
        action: conflictAction(i.kind, reason),
        settledAt: i.settledAt ?? 0,
      };
    });
}

/** Marks a refused intent as dealt with by the cashier. */
export async function acknowledgeConflict(db: TerminalDatabase, intentId: string): Promise<void> {
  await db.transaction('rw', ['intents'], async (tx) => {
    const intent = await tx.intents.where('intentId').equals(intentId).first();
    if (!intent || intent.state !== 'rejected') {
      throw new TillpointsError(ERROR_CODES.invalidArgument, `no refused intent ${intentId} to acknowledge`);
    }
    await tx.intents.update(intent.seq!, { acknowledged: true });
  });
}

import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError, isTillpointsError } from '../errors/tillpoints-error.js';
import { readIncarnation, settleIncarnation, type TillIncarnation } from '../store/till-incarnation.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { LedgerClient } from './ledger-client.js';

/** How this till numbers its intents on the wire: local seq plus `seqBase`, and the incarnation it names. */
export interface WireNumbering {
  readonly seqBase: number;
  /** Sent with each push once registered; absent for a legacy incarnation. */
  readonly incarnationId?: string;
}

function numberingOf(incarnation: TillIncarnation & { state: 'registered' | 'legacy' }): WireNumbering {
  return incarnation.state === 'registered' ? { seqBase: incarnation.seqBase, incarnationId: incarnation.incarnationId } : { seqBase: 0 };
}

/**
 * The numbering of this till's intents, fixed before its first push and never changed
 * after (an intent sent again must carry the same content). A database that started empty
 * registers its incarnation first: the ledger answers with the base that keeps its numbers
 * after every number the ledger saw from this terminal, so a wiped till never reuses one.
 * The registration is idempotent, so a lost answer is simply asked again next round; until
 * it is answered nothing is pushed (the round fails like any push would). A ledger older
 * than incarnations (404) leaves the till numbering as before, for good.
 */
export async function ensureWireNumbering(db: TerminalDatabase, client: LedgerClient): Promise<WireNumbering> {
  const incarnation = await readIncarnation(db);
  if (incarnation.state !== 'unregistered') return numberingOf(incarnation);
  let settled;
  try {
    const answer = await client.registerIncarnation(incarnation.incarnationId);
    settled = await settleIncarnation(db, incarnation.incarnationId, { state: 'registered', seqBase: answer.seqBase });
  } catch (error) {
    if (!isTillpointsError(error, ERROR_CODES.ledgerRefused) || error.details?.status !== 404) throw error;
    settled = await settleIncarnation(db, incarnation.incarnationId, { state: 'legacy' });
  }
  if (settled.state === 'unregistered') throw new TillpointsError(ERROR_CODES.storage, 'the local incarnation changed while it was being registered');
  return numberingOf(settled);
}

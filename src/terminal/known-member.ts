import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError, isTillpointsError } from '../errors/tillpoints-error.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { LedgerClient } from '../sync/ledger-client.js';
import { withDeadline } from '../sync/with-deadline.js';
import { cacheLedgerMember } from './member-cache.js';

/**
 * The member id a new intent for `memberId` is written for: `memberId` when this till knows
 * the member (cached, or enrolled here), the survivor when the ledger merged it into another
 * member. A member this till has never seen is looked up at the ledger when it answers within
 * `deadlineMs` (and cached); otherwise, or when the ledger knows no such member, throws
 * `member_not_found` and nothing is written: points taken for an unknown id would be refused
 * by the ledger later (`unknown_member`) and lost to the customer. Enrol new customers with
 * `enrol()` instead.
 */
export async function knownMemberId(
  c: { readonly db: TerminalDatabase; readonly client: LedgerClient; readonly deadlineMs: number; readonly now: () => number },
  memberId: string,
): Promise<string> {
  const cached = await c.db.members.get(memberId);
  if (cached) return cached.mergedInto ?? memberId;
  let found;
  try {
    found = await withDeadline(c.client.findMember({ memberId }), c.deadlineMs, 'a member lookup', c.client.timers);
  } catch (error) {
    const unknown = isTillpointsError(error, ERROR_CODES.memberNotFound);
    throw new TillpointsError(
      ERROR_CODES.memberNotFound,
      unknown
        ? `member ${memberId} is not known to the ledger: enrol the customer first`
        : `member ${memberId} is not known at this till and the ledger could not be asked now: look the member up, or enrol them`,
      { cause: error },
    );
  }
  return (await cacheLedgerMember(c.db, found.member, c.now())).memberId;
}

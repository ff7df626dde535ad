import type { MemberLookupV1, MemberV1 } from '../../protocol/index.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { lookupMember } from '../store/member-store.js';
import { survivorOf } from './member-aliases.js';

/** A member found by a lookup; `mergedFrom` when it named a till-made id merged into them. */
export interface FoundMember {
  readonly member: MemberV1;
  readonly mergedFrom?: string;
}

/**
 * Finds a member by id, card or phone; a member id that was merged into another member (see
 * `EnrolmentBatch`) finds the surviving member, with `mergedFrom` naming the id asked for.
 * `at` (the ledger's clock) dates what the earning rules know of the member.
 */
export async function lookupWithAliases(db: SqlExecutor, lookup: MemberLookupV1, at: string): Promise<FoundMember | undefined> {
  const member = await lookupMember(db, lookup, at);
  if (member) return { member };
  if (!('memberId' in lookup)) return undefined;
  const into = await survivorOf(db, lookup.memberId);
  const survivor = into === undefined ? undefined : await lookupMember(db, { memberId: into }, at);
  return survivor && { member: survivor, mergedFrom: lookup.memberId };
}

import { ERROR_CODES } from '../errors/error-codes.js';
import { parseOrThrow } from '../errors/from-zod.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import { normalizeIndianMobile } from '../protocol/index.js';
import type { Balance } from '../store/balance-view.js';
import type { MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { LedgerClient } from '../sync/ledger-client.js';
import { cacheLedgerMember, findCachedMember } from './member-cache.js';
import { lookupArgsSchema, type LookupArgs } from './terminal-arguments.js';

/** A member as the till shows them. */
export interface MemberView {
  readonly memberId: string;
  readonly name: string | null;
  readonly tier: string;
  readonly cardNumber: string | null;
  /** The number staff typed to find the member here (the ledger shows a till only a masked one), or null. */
  readonly phone: string | null;
  readonly balance: Balance;
  /** Whether this answer came from the local cache or fresh from the ledger. */
  readonly source: 'cache' | 'ledger';
}

/** Checks a lookup's arguments (one of id, card, phone; an Indian mobile number). */
export function parseLookup(lookup: LookupArgs): LookupArgs {
  const query = parseOrThrow(lookupArgsSchema, lookup, ERROR_CODES.invalidArgument, 'invalid member lookup');
  if ('phone' in query && !normalizeIndianMobile(query.phone)) {
    throw new TillpointsError(ERROR_CODES.invalidArgument, `invalid member lookup: ${query.phone} is not an Indian mobile number`);
  }
  return query;
}

/** The normalised number staff typed, for a lookup by phone. */
function typedPhone(query: LookupArgs): string | undefined {
  return 'phone' in query ? normalizeIndianMobile(query.phone) : undefined;
}

/**
 * Asks the ledger about a member and caches the answer; returns the cached record (of the
 * surviving member, when the id asked for was merged into them).
 */
export async function fetchMember(db: TerminalDatabase, client: LedgerClient, query: LookupArgs, now: number): Promise<MemberRecord> {
  return cacheLedgerMember(db, (await client.findMember(query)).member, now, typedPhone(query));
}

/** A member from the cache when there (`refresh` then tells the caller to ask the ledger in the background), else from the ledger. */
export async function findMember(
  db: TerminalDatabase,
  client: LedgerClient,
  query: LookupArgs,
  now: () => number,
): Promise<{ readonly member: MemberRecord; readonly source: MemberView['source'] }> {
  const cached = await findCachedMember(db, query);
  if (cached) return { member: cached, source: 'cache' };
  return { member: await fetchMember(db, client, query, now()), source: 'ledger' };
}

/** The public view of a cached member. */
export function toMemberView(m: MemberRecord, balance: Balance, source: MemberView['source']): MemberView {
  return { memberId: m.memberId, name: m.name ?? null, tier: m.tier, cardNumber: m.cardNumber ?? null, phone: m.phone ?? null, balance, source };
}

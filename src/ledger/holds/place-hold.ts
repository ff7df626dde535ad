import type { PlaceHoldRequestV1, RedemptionPolicyV1 } from '../../protocol/index.js';
import { contentHash } from '../apply/content-hash.js';
import type { MemberState } from '../apply/member-state.js';
import { resolvedPolicyFor } from '../policy/resolve-policy.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { expireDueHolds } from './expire-holds.js';
import { findHold, insertHold, journalHoldEntries, lockMemberRows, placeEntry, saveMemberStates } from './hold-store.js';
import type { Hold } from './hold.js';

/** What placing a hold came to: the hold with its member, or why not. */
export type HoldOutcome =
  | { readonly outcome: 'ok'; readonly hold: Hold; readonly member: MemberState }
  | { readonly outcome: 'member_not_found' | 'hold_conflict' | 'insufficient_points' | 'hold_not_found' | 'hold_closed'; readonly message: string };

/** The fingerprint of a hold request: the same id again must carry the same content. */
export function holdContentHash(request: PlaceHoldRequestV1): string {
  const { protocol: _protocol, holdId: _holdId, ...content } = request;
  return contentHash(content);
}

const MINUTE_MS = 60_000;

/**
 * Places a hold for a bill in progress, by the ledger's clock `at`: the points leave the
 * member's available balance at once (journaled to `program:pending`) until captured, voided
 * or expired. Idempotent by `holdId`: the same request again answers the hold as it is now.
 * Run inside a transaction (retried on a race for the same id).
 */
export async function placeHold(
  tx: SqlExecutor,
  request: PlaceHoldRequestV1,
  at: string,
  defaults: RedemptionPolicyV1,
): Promise<HoldOutcome> {
  const hash = holdContentHash(request);
  const members = await lockMemberRows(tx, [request.memberId]);
  const member = members.get(request.memberId);
  await expireDueHolds(tx, members, at);
  const seen = await findHold(tx, request.holdId);
  if (seen) {
    if (seen.contentHash !== hash || seen.kind !== 'hold') {
      return { outcome: 'hold_conflict', message: `hold ${request.holdId} was already placed with different content` };
    }
    // Same content: the member row is the one locked above (same member id).
    return { outcome: 'ok', hold: seen, member: member! };
  }
  if (!member) return { outcome: 'member_not_found', message: `no member with id ${request.memberId}` };
  const available = member.points - member.held;
  if (request.points > available) {
    return { outcome: 'insufficient_points', message: `member ${member.memberId} has ${available} points available, ${request.points} asked for` };
  }
  const policy = await resolvedPolicyFor(tx, request.storeId, defaults);
  const hold: Hold = {
    holdId: request.holdId,
    kind: 'hold',
    memberId: request.memberId,
    terminalId: request.terminalId,
    storeId: request.storeId,
    points: request.points,
    captured: 0,
    state: 'open',
    billId: request.billId ?? null,
    contentHash: hash,
    expiresAt: new Date(Date.parse(at) + policy.holdMinutes * MINUTE_MS).toISOString(),
    createdAt: at,
    closedAt: null,
  };
  await insertHold(tx, hold);
  await journalHoldEntries(tx, [placeEntry(hold)], at);
  member.held += hold.points;
  member.version += 1;
  member.updatedAt = at;
  await saveMemberStates(tx, [member], at);
  return { outcome: 'ok', hold, member };
}

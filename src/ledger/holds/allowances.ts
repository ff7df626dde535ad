import type { RedemptionPolicyV1, ResolvedRedemptionPolicyV1 } from '../../protocol/index.js';
import type { NewId } from '../clock/ledger-ids.js';
import type { MemberState } from '../apply/member-state.js';
import { contentHash } from '../apply/content-hash.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { expireDueHolds } from './expire-holds.js';
import {
  insertHold,
  journalHoldEntries,
  lockHolds,
  lockMemberRows,
  placeEntry,
  returnEntry,
  saveHolds,
  saveMemberStates,
  type HoldEntry,
} from './hold-store.js';
import { HOLD_COLUMNS, holdFromRow, holdRemaining, type Hold } from './hold.js';
import type { HoldOwner } from './void-hold.js';
import { resolvedPolicyFor } from '../policy/resolve-policy.js';

/** One allowance with its member as they are after the call. */
export interface AllowanceGrant {
  readonly allowance: Hold;
  readonly member: MemberState;
}

const MINUTE_MS = 60_000;
// "Frequent" looks back this far over the store's applied intents.
const FREQUENT_LOOKBACK_MS = 30 * 24 * 60 * MINUTE_MS;

/** A store's most frequent members: most applied intents received in the last 30 days, ties by id. */
async function frequentMembers(tx: SqlExecutor, storeId: string, count: number, at: string): Promise<string[]> {
  const rows = await tx.query(
    `SELECT member_id FROM intents
      WHERE store_id = $1 AND outcome = 'applied' AND received_at >= $2::timestamptz
      GROUP BY member_id ORDER BY count(*) DESC, member_id LIMIT $3`,
    [storeId, new Date(Date.parse(at) - FREQUENT_LOOKBACK_MS).toISOString(), count],
  );
  return rows.map((r) => String(r.member_id));
}

/** Whether more than half of an allowance's life is gone by `at`. */
function pastHalfLife(hold: Hold, at: string): boolean {
  const born = Date.parse(hold.createdAt);
  return Date.parse(at) - born > (Date.parse(hold.expiresAt) - born) / 2;
}

/** The policy must let tills redeem offline within allowances. */
export type AllowanceOutcome =
  | { readonly outcome: 'ok'; readonly grants: AllowanceGrant[] }
  | { readonly outcome: 'offline_redemption_denied' | 'hold_not_found'; readonly message: string };

/**
 * Grants a till allowances for the members it names and up to `frequent` of its store's most
 * frequent members, in one transaction: each holds min(available, `allowancePoints`) for
 * `allowanceMinutes` of the ledger's clock. A member with an open allowance of this till gets
 * it back (its expiry renewed when more than half its life is gone); a member with nothing
 * available, or unknown, gets none. Only under the store's policy `allowance`.
 */
export async function grantAllowances(
  tx: SqlExecutor,
  request: HoldOwner & { memberIds?: readonly string[] | undefined; frequent?: number | undefined },
  at: string,
  defaults: RedemptionPolicyV1,
  newId: NewId,
): Promise<AllowanceOutcome> {
  const policy = await resolvedPolicyFor(tx, request.storeId, defaults);
  if (policy.offline !== 'allowance') {
    return { outcome: 'offline_redemption_denied', message: `store ${request.storeId}'s offline redemption policy is '${policy.offline}', not 'allowance'` };
  }
  const ids = new Set(request.memberIds ?? []);
  if (request.frequent) for (const id of await frequentMembers(tx, request.storeId, request.frequent, at)) ids.add(id);
  const members = await lockMemberRows(tx, [...ids]);
  await expireDueHolds(tx, members, at);
  const rows = await tx.query(
    `SELECT ${HOLD_COLUMNS} FROM holds
      WHERE member_id = ANY($1::text[]) AND terminal_id = $2 AND kind = 'allowance' AND state = 'open'
      ORDER BY hold_id FOR UPDATE`,
    [[...members.keys()], request.terminalId],
  );
  const open = new Map(rows.map((r) => [String(r.member_id), holdFromRow(r)]));
  const grants: AllowanceGrant[] = [];
  const renewed: Hold[] = [];
  const entries: HoldEntry[] = [];
  const moved: MemberState[] = [];
  for (const member of [...members.values()].sort((a, b) => (a.memberId < b.memberId ? -1 : 1))) {
    const existing = open.get(member.memberId);
    if (existing) {
      if (pastHalfLife(existing, at)) {
        existing.expiresAt = expiry(at, policy);
        renewed.push(existing);
      }
      grants.push({ allowance: existing, member });
      continue;
    }
    const size = Math.min(member.points - member.held, policy.allowancePoints);
    if (size <= 0) continue;
    const holdId = newId(Date.parse(at));
    const allowance: Hold = {
      holdId,
      kind: 'allowance',
      memberId: member.memberId,
      terminalId: request.terminalId,
      storeId: request.storeId,
      points: size,
      captured: 0,
      state: 'open',
      billId: null,
      contentHash: contentHash({ kind: 'allowance', holdId }),
      expiresAt: expiry(at, policy),
      createdAt: at,
      closedAt: null,
    };
    await insertHold(tx, allowance);
    entries.push(placeEntry(allowance));
    member.held += size;
    member.version += 1;
    member.updatedAt = at;
    moved.push(member);
    grants.push({ allowance, member });
  }
  await saveHolds(tx, renewed);
  await journalHoldEntries(tx, entries, at);
  await saveMemberStates(tx, moved, at);
  return { outcome: 'ok', grants };
}

function expiry(at: string, policy: ResolvedRedemptionPolicyV1): string {
  return new Date(Date.parse(at) + policy.allowanceMinutes * MINUTE_MS).toISOString();
}

/**
 * Releases what is left of a till's allowances back to their members. Idempotent: an
 * allowance already released, used up or expired answers as it is. Any id that is not an
 * allowance of this till is `hold_not_found`, and nothing is released.
 */
export async function releaseAllowances(
  tx: SqlExecutor,
  owner: HoldOwner,
  allowanceIds: readonly string[],
  at: string,
): Promise<AllowanceOutcome> {
  const peek = await tx.query(`SELECT hold_id, member_id, kind, terminal_id FROM holds WHERE hold_id = ANY($1::text[])`, [[...allowanceIds]]);
  const mine = new Map(peek.filter((r) => r.kind === 'allowance' && r.terminal_id === owner.terminalId).map((r) => [String(r.hold_id), String(r.member_id)]));
  const missing = allowanceIds.find((id) => !mine.has(id));
  if (missing !== undefined) return { outcome: 'hold_not_found', message: `this till holds no allowance ${missing}` };
  // Members first, then their holds: the order every writer of holds takes.
  const members = await lockMemberRows(tx, [...mine.values()]);
  await expireDueHolds(tx, members, at);
  const holds = await lockHolds(tx, [...mine.keys()]);
  const closed: Hold[] = [];
  const entries: HoldEntry[] = [];
  const moved = new Set<MemberState>();
  for (const hold of holds.values()) {
    if (hold.state !== 'open') continue;
    const member = members.get(hold.memberId)!;
    const left = holdRemaining(hold);
    hold.state = 'released';
    hold.closedAt = at;
    member.held -= left;
    if (!moved.has(member)) {
      member.version += 1;
      member.updatedAt = at;
      moved.add(member);
    }
    entries.push(returnEntry(hold, left));
    closed.push(hold);
  }
  await saveHolds(tx, closed);
  await journalHoldEntries(tx, entries, at);
  await saveMemberStates(tx, [...moved], at);
  const seen = new Set<string>();
  const grants = allowanceIds.filter((id) => !seen.has(id) && seen.add(id)).map((id) => {
    const allowance = holds.get(id)!;
    return { allowance, member: members.get(allowance.memberId)! };
  });
  return { outcome: 'ok', grants };
}

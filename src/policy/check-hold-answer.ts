import type { HoldV1, MemberBalanceV1 } from '../protocol/index.js';

/** What the till asked the ledger to hold, or which hold it asked about. */
export interface HoldAsked {
  readonly terminalId: string;
  readonly storeId: string;
  readonly holdId?: string;
  readonly kind?: HoldV1['kind'];
  readonly memberId?: string;
  readonly points?: number;
}

/**
 * Why a well-formed hold or allowance answer cannot be the ledger's answer to what was asked,
 * or null when it can: another hold, member, till or store than asked, more points than
 * asked, more captured than held, or a balance of another member or holding less than the
 * hold has left. A till that believed such an answer would spend points nobody holds.
 */
export function checkHoldAnswer(asked: HoldAsked, hold: HoldV1, balance: MemberBalanceV1): string | null {
  if (asked.holdId !== undefined && hold.holdId !== asked.holdId) return `hold ${hold.holdId} when ${asked.holdId} was asked about`;
  if (asked.kind !== undefined && hold.kind !== asked.kind) return `a ${hold.kind} when a ${asked.kind} was asked for`;
  if (hold.terminalId !== asked.terminalId || hold.storeId !== asked.storeId) return `a hold of another till (${hold.storeId}/${hold.terminalId})`;
  if (asked.memberId !== undefined && hold.memberId !== asked.memberId) return `a hold for member ${hold.memberId}, not ${asked.memberId}`;
  if (asked.points !== undefined && hold.points !== asked.points) return `a hold of ${hold.points} points when ${asked.points} were asked for`;
  if (hold.captured > hold.points) return `a hold with more captured (${hold.captured}) than held (${hold.points})`;
  if (balance.memberId !== hold.memberId) return `the balance of member ${balance.memberId} with a hold for ${hold.memberId}`;
  if (hold.state === 'open' && balance.held < hold.points - hold.captured) return `an open hold of ${hold.points - hold.captured} points in a balance holding ${balance.held}`;
  return null;
}

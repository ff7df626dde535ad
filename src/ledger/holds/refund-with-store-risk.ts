import type { Decision, OriginalIntent } from '../apply/decide-intent.js';
import { PROGRAM_ACCOUNTS, memberAccount, riskAccount, type Transfer } from '../journal/accounts.js';

/**
 * A return of `points` of a redemption whose shortfall a store's risk account carried: the
 * store's share comes back first (the member never had those points), then the member's.
 * Without this a return would credit the member points the store paid for. Pure.
 */
export function refundWithStoreRisk(
  memberId: string,
  storeRisk: NonNullable<OriginalIntent['storeRisk']>,
  reversedBefore: number,
  points: number,
): Decision {
  const riskReturned = Math.min(reversedBefore, storeRisk.points);
  const toRisk = Math.min(points, storeRisk.points - riskReturned);
  const toMember = points - toRisk;
  const transfers: Transfer[] = [];
  if (toRisk > 0) transfers.push({ debit: PROGRAM_ACCOUNTS.redemption, credit: riskAccount(storeRisk.storeId), points: toRisk });
  if (toMember > 0) transfers.push({ debit: PROGRAM_ACCOUNTS.redemption, credit: memberAccount(memberId), points: toMember });
  return { outcome: 'applied', transfers, memberDelta: toMember };
}

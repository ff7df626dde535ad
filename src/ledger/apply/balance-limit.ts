import { MAX_BALANCE, MIN_BALANCE } from '../../protocol/index.js';
import type { MemberState } from './member-state.js';

/**
 * Why moving `member` by `delta` points would take their points or available balance past
 * what the protocol can carry (`MIN_BALANCE` to `MAX_BALANCE`), or undefined when it stays
 * within. Pure: the ledger refuses such an intent (`balance_limit`) before anything is stored.
 */
export function balanceLimitBreach(member: MemberState, delta: number): string | undefined {
  const points = member.points + delta;
  const available = points - member.held;
  for (const [name, value] of [['points', points], ['available balance', available]] as const) {
    if (value > MAX_BALANCE || value < MIN_BALANCE) {
      return `member ${member.memberId}'s ${name} would be ${value}, past the limit of ${value > 0 ? MAX_BALANCE : MIN_BALANCE}`;
    }
  }
  return undefined;
}

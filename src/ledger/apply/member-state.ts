import type { MemberBalanceV1 } from '../../protocol/index.js';

/** A member's balance as the apply step holds it while the member's row is locked. */
export interface MemberState {
  readonly memberId: string;
  points: number;
  held: number;
  version: number;
  updatedAt: string;
}

/** The wire form of a member's confirmed balance. */
export function toMemberBalance(state: MemberState): MemberBalanceV1 {
  return {
    memberId: state.memberId,
    points: state.points,
    held: state.held,
    available: state.points - state.held,
    version: state.version,
    updatedAt: state.updatedAt,
  };
}

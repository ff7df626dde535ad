/** The programme's own accounts; each member also has `member:<memberId>`. */
export const PROGRAM_ACCOUNTS = {
  /** Where earned points come from. */
  issuance: 'program:issuance',
  /** Where spent points go. */
  redemption: 'program:redemption',
  /** The other side of manual and bulk corrections. */
  adjustment: 'program:adjustment',
  /** Points held for open holds and allowances, between the member and `redemption`. */
  pending: 'program:pending',
} as const;

/** The account holding one member's points. */
export function memberAccount(memberId: string): string {
  return `member:${memberId}`;
}

/** The account a store's offline redemption shortfalls are charged to, under the `store_risk` rule. */
export function riskAccount(storeId: string): string {
  return `risk:${storeId}`;
}

/** One balanced journal entry: `points` leave `debit` and arrive in `credit`. */
export interface Transfer {
  readonly debit: string;
  readonly credit: string;
  readonly points: number;
  /** The hold or allowance the entry moves points of, if any. */
  readonly holdId?: string;
}

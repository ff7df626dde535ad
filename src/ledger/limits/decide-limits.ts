import type { IntentKind } from '../../protocol/index.js';
import type { Limits } from './limits.js';

/** What a limit needs to know of one intent about to apply. */
export interface LimitedIntent {
  readonly kind: IntentKind;
  /** Points the intent gives the member (an accrual's points, a credit adjustment), else 0. */
  readonly granted: number;
  /** An accrual whose points the ledger's rules did not earn (no bill lines, or no ruleset). */
  readonly manual: boolean;
}

/** The largest totals, before this intent, of the windows its bill time falls in. */
export interface WindowTotals {
  readonly terminalHour: number;
  readonly terminalDay: number;
  readonly memberRedemptionsDay: number;
}

/** A limit the intent would break, for a `limit_exceeded` rejection. */
export interface LimitRefusal {
  readonly reason: 'limit_exceeded';
  readonly message: string;
}

const refuse = (message: string): LimitRefusal => ({ reason: 'limit_exceeded', message });

/**
 * Decides whether an intent from a till stays within the limits. Pure: a function of the
 * intent, its points, the window totals and the limits.
 */
export function decideLimits(intent: LimitedIntent, totals: WindowTotals, limits: Limits): LimitRefusal | undefined {
  if (intent.kind === 'accrue' && intent.manual && intent.granted > limits.manualPointsPerBill) {
    return refuse(`manualPointsPerBill: an accrual the rules did not earn (no bill lines or no ruleset) carries ${intent.granted} points, the limit is ${limits.manualPointsPerBill}; points come from bills or a manager`);
  }
  if (intent.kind === 'accrue' && limits.pointsPerBill !== null && intent.granted > limits.pointsPerBill) {
    return refuse(`pointsPerBill: the bill earns ${intent.granted} points, the limit is ${limits.pointsPerBill}`);
  }
  if (intent.granted > 0) {
    const hour = limits.terminalPointsPerHour;
    if (hour !== null && totals.terminalHour + intent.granted > hour) {
      return refuse(`terminalPointsPerHour: the terminal granted ${totals.terminalHour} points in an hour this bill falls in, ${intent.granted} more would pass the limit of ${hour}`);
    }
    const day = limits.terminalPointsPerDay;
    if (day !== null && totals.terminalDay + intent.granted > day) {
      return refuse(`terminalPointsPerDay: the terminal granted ${totals.terminalDay} points in 24 hours this bill falls in, ${intent.granted} more would pass the limit of ${day}`);
    }
  }
  const redemptions = limits.memberRedemptionsPerDay;
  if (intent.kind === 'redeem' && redemptions !== null && totals.memberRedemptionsDay + 1 > redemptions) {
    return refuse(`memberRedemptionsPerDay: the member made ${totals.memberRedemptionsDay} redemptions in 24 hours this bill falls in, the limit is ${redemptions}`);
  }
  return undefined;
}

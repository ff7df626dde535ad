/** Wrong PINs a manager's approval may see within {@link PIN_FAILURE_WINDOW_MS} before it locks. */
export const PIN_MAX_FAILURES = 5;
/** The window wrong PINs are counted in. */
export const PIN_FAILURE_WINDOW_MS = 15 * 60_000;
/** How long a manager's PIN stays locked after too many wrong tries (an admin can unlock by registering it again). */
export const PIN_LOCKOUT_MS = 15 * 60_000;

/** A manager's record of wrong PINs. */
export interface PinThrottle {
  readonly failures: number;
  readonly failuresSince: string | null;
  readonly lockedUntil: string | null;
}

/** Whether the manager's PIN is locked at `at`: no PIN is even checked then. */
export function isLocked(state: PinThrottle, at: string): boolean {
  return state.lockedUntil !== null && Date.parse(at) < Date.parse(state.lockedUntil);
}

/**
 * The record after a wrong PIN at `at`: counted within the window (a new window when the
 * last one is over), and locked for {@link PIN_LOCKOUT_MS} at the {@link PIN_MAX_FAILURES}th.
 * At 5 tries per half hour, a 6-digit PIN takes years to guess with a stolen till key.
 */
export function afterWrongPin(state: PinThrottle, at: string): PinThrottle {
  const now = Date.parse(at);
  const fresh = state.failuresSince === null || now - Date.parse(state.failuresSince) >= PIN_FAILURE_WINDOW_MS;
  const failures = (fresh ? 0 : state.failures) + 1;
  if (failures >= PIN_MAX_FAILURES) {
    return { failures: 0, failuresSince: null, lockedUntil: new Date(now + PIN_LOCKOUT_MS).toISOString() };
  }
  return { failures, failuresSince: fresh ? at : state.failuresSince, lockedUntil: state.lockedUntil };
}

/** The record after a right PIN: the count starts again. */
export function afterRightPin(): PinThrottle {
  return { failures: 0, failuresSince: null, lockedUntil: null };
}

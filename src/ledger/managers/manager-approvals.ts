import type { AdjustIntentV1, IntentV1, RedeemIntentV1, RejectionReason } from '../../protocol/index.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { verifyPin } from './manager-pin.js';
import { lockManagers, saveThrottle, type Manager } from './manager-store.js';
import { afterRightPin, afterWrongPin, isLocked } from './pin-throttle.js';

/** The intents a manager approves: a till's adjustments and its override redemptions. */
export type ApprovedIntent = AdjustIntentV1 | RedeemIntentV1;

/** Whether an intent carries a manager's approval. */
function isApproved(intent: IntentV1): intent is ApprovedIntent & { approval: NonNullable<ApprovedIntent['approval']> } {
  return (intent.kind === 'adjust' || intent.kind === 'redeem') && intent.approval !== undefined;
}

/** A batch's intents with every manager PIN taken out, and the PINs beside them. */
export interface WithoutPins {
  readonly intents: readonly IntentV1[];
  readonly pins: WeakMap<IntentV1, string>;
}

/**
 * Takes the managers' PINs out of a batch before anything hashes, stores or echoes it: an
 * approval is kept as `{ managerId }`. A retry of the same intent hashes the same, with or
 * without its PIN (a till clears the PIN once its intent is settled).
 */
export function takeManagerPins(intents: readonly IntentV1[]): WithoutPins {
  const pins = new WeakMap<IntentV1, string>();
  if (!intents.some(isApproved)) return { intents, pins };
  return {
    pins,
    intents: intents.map((intent) => {
      if (!isApproved(intent)) return intent;
      // The stored form names the manager only; `pin` is required on the wire, absent here.
      const stripped = { ...intent, approval: { managerId: intent.approval.managerId } } as ApprovedIntent;
      pins.set(stripped, intent.approval.pin);
      return stripped;
    }),
  };
}

/** Why an adjustment's approval does not stand. */
export interface ApprovalRefusal {
  readonly reason: RejectionReason;
  readonly message: string;
}

/**
 * Verifies the manager approvals of one till's batch against its store's registered
 * managers, counting wrong PINs (and locking a manager after too many) as it goes.
 */
export class ManagerApprovals {
  private constructor(
    readonly storeId: string,
    readonly managers: Map<string, Manager>,
    readonly pins: WeakMap<IntentV1, string>,
  ) {}

  /** Loads (and locks) the managers the batch's adjustments name. */
  static async load(tx: SqlExecutor, storeId: string, batch: WithoutPins): Promise<ManagerApprovals> {
    const ids = new Set<string>();
    for (const i of batch.intents) if (isApproved(i)) ids.add(i.approval.managerId);
    const managers = ids.size > 0 ? await lockManagers(tx, storeId, [...ids]) : new Map<string, Manager>();
    return new ManagerApprovals(storeId, managers, batch.pins);
  }

  /** Refuses a till's adjustment (or override redemption) without a valid approval; undefined when it stands. */
  async check(tx: SqlExecutor, intent: ApprovedIntent, at: string): Promise<ApprovalRefusal | undefined> {
    const pin = this.pins.get(intent);
    if (!intent.approval || pin === undefined) {
      const what = intent.kind === 'adjust' ? 'an adjustment' : 'an override redemption';
      return { reason: 'manager_approval_required', message: `${what} from a till needs a manager's approval (managerId and PIN of store ${this.storeId})` };
    }
    const manager = this.managers.get(intent.approval.managerId);
    if (!manager) {
      return { reason: 'manager_approval_invalid', message: `${intent.approval.managerId} is not an active manager of store ${this.storeId}` };
    }
    if (isLocked(manager, at)) {
      return { reason: 'manager_locked', message: `manager ${manager.managerId}'s PIN is locked after wrong tries until ${manager.lockedUntil}` };
    }
    if (await verifyPin(pin, manager.pinHash)) {
      if (manager.failures > 0) await this.#save(tx, manager, afterRightPin());
      return undefined;
    }
    const after = afterWrongPin(manager, at);
    await this.#save(tx, manager, after);
    return {
      reason: 'manager_approval_invalid',
      message: isLocked(after, at)
        ? `wrong PIN for manager ${manager.managerId}; the PIN is now locked until ${after.lockedUntil}`
        : `wrong PIN for manager ${manager.managerId}`,
    };
  }

  async #save(tx: SqlExecutor, manager: Manager, state: Manager | ReturnType<typeof afterRightPin>): Promise<void> {
    await saveThrottle(tx, manager, state);
    this.managers.set(manager.managerId, { ...manager, ...state });
  }
}

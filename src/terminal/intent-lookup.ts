import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import type { IntentRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import { withoutPin } from '../store/without-pin.js';

const ID_MAX = 64;

/** Checks an intent id argument, throwing `invalid_argument`. */
export function parseIntentId(intentId: unknown): string {
  if (typeof intentId !== 'string' || intentId.length === 0 || intentId.length > ID_MAX) {
    throw new TillpointsError(ERROR_CODES.invalidArgument, `intentId must be a non-empty string of at most ${ID_MAX} characters`);
  }
  return intentId;
}

/** Checks a bill id argument, throwing `invalid_argument`. */
export function parseBillId(billId: unknown): string {
  if (typeof billId !== 'string' || billId.length === 0 || billId.length > ID_MAX) {
    throw new TillpointsError(ERROR_CODES.invalidArgument, `billId must be a non-empty string of at most ${ID_MAX} characters`);
  }
  return billId;
}

/** An intent this till holds, by its id (as stored: with a PIN while pending), or undefined. */
export async function storedIntent(db: TerminalDatabase, intentId: string): Promise<IntentRecord | undefined> {
  return db.intents.where('intentId').equals(intentId).first();
}

/**
 * The intents of a bill this till still holds, oldest first, never with a manager's PIN.
 * There is no index by bill (a local schema change for a receipt lookup): it reads the
 * records in seq order once, which a month's audit trail affords.
 */
export async function intentsOfBill(db: TerminalDatabase, billId: string): Promise<IntentRecord[]> {
  return (await db.intents.filter((i) => i.bill?.billId === billId).toArray()).map(withoutPin);
}

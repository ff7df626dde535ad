import * as z from 'zod/mini';
import { ERROR_CODES } from '../errors/error-codes.js';
import { parseOrThrow } from '../errors/from-zod.js';
import { quarantinedIntents, requeueQuarantined, voidQuarantined } from '../outbox/quarantine.js';
import type { Balance } from '../store/balance-view.js';
import { quarantinedView, type QuarantinedIntent } from '../store/quarantined-view.js';
import type { MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { Emitter, TerminalEvents } from './events.js';

// Any id the outbox holds, even one an older SDK made badly: staff must be able to void it.
const intentIdSchema = z.string().check(z.minLength(1), z.maxLength(200));
const voidReasonSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

/** What the staff actions on quarantined intents need from the facade. */
export interface QuarantineDesk {
  readonly db: TerminalDatabase;
  readonly events: Emitter<TerminalEvents>;
  readonly now: () => number;
  readonly view: (member: MemberRecord) => Balance;
}

/** The quarantined intents, oldest first, as staff see them. */
export async function listQuarantined(db: TerminalDatabase): Promise<QuarantinedIntent[]> {
  return (await quarantinedIntents(db).toArray()).map(quarantinedView);
}

/** Puts a quarantined intent back in the queue and says so (`intent` pending, `quarantine` retried). */
export async function retryQuarantinedIntent(d: QuarantineDesk, intentId: string): Promise<void> {
  const id = parseOrThrow(intentIdSchema, intentId, ERROR_CODES.invalidArgument, 'invalid intent id');
  const intent = await requeueQuarantined(d.db, id);
  const { kind, memberId, points } = intent;
  d.events.emit('intent', { intentId: id, kind, memberId, points, status: 'pending' });
  d.events.emit('quarantine', { change: 'retried', intent: quarantinedView(intent) });
}

/**
 * Voids a quarantined intent for `reason` and says so (`intent` voided, `quarantine`
 * voided, then the member's new `balance`). Returns that balance, or null when this till
 * holds no record of the member.
 */
export async function voidQuarantinedIntent(d: QuarantineDesk, intentId: string, reason: string): Promise<Balance | null> {
  const id = parseOrThrow(intentIdSchema, intentId, ERROR_CODES.invalidArgument, 'invalid intent id');
  const why = parseOrThrow(voidReasonSchema, reason, ERROR_CODES.invalidArgument, 'a void needs a reason of 1 to 200 characters');
  const { intent, member } = await voidQuarantined(d.db, id, why, d.now());
  const { kind, memberId, points } = intent;
  d.events.emit('intent', { intentId: id, kind, memberId, points, status: 'voided' });
  d.events.emit('quarantine', { change: 'voided', intent: quarantinedView(intent) });
  const balance = member ? d.view(member) : null;
  if (balance) d.events.emit('balance', balance);
  return balance;
}

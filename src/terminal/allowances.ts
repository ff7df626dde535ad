import type { HoldRecord } from '../store/hold-record.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { LedgerClient } from '../sync/ledger-client.js';
import { storeHoldAnswer } from '../sync/own-holds.js';
import type { MemberRecord } from '../store/records.js';

/** An allowance this till holds for a member, as events and `prefetchAllowances` show it. */
export interface AllowanceView {
  readonly allowanceId: string;
  readonly memberId: string;
  /** What the ledger holds of it for this till. */
  readonly remaining: number;
  /** When the ledger releases it (the ledger's clock, ISO). */
  readonly expiresAt: string;
  /** When this till stops using it (this till's clock, ms): well before `expiresAt`. */
  readonly useBy: number;
}

/** The public view of an allowance record. */
export function allowanceView(h: HoldRecord): AllowanceView {
  return { allowanceId: h.holdId, memberId: h.memberId, remaining: h.remaining - h.queued, expiresAt: h.expiresAt ?? '', useBy: h.useBy };
}

/**
 * Asks the ledger for allowances (the members named and/or the store's `frequent` most
 * frequent ones, in one call) and stores each with its member's balance. Members the till had
 * not cached are cached from the balance, so they can redeem offline. Returns what was stored.
 */
export async function fetchAllowances(
  db: TerminalDatabase,
  client: LedgerClient,
  ask: { readonly memberIds?: readonly string[]; readonly frequent?: number },
  now: () => number,
  timeoutMs?: number,
): Promise<{ readonly allowances: AllowanceView[]; readonly members: MemberRecord[] }> {
  const answer = await client.requestAllowances(ask, timeoutMs);
  const allowances: AllowanceView[] = [];
  const members: MemberRecord[] = [];
  for (const { allowance, balance } of answer.allowances) {
    const stored = await storeHoldAnswer(db, { hold: allowance, balance, ledgerTime: answer.ledgerTime }, now());
    if (stored.hold.state === 'open') allowances.push(allowanceView(stored.hold));
    members.push(stored.member);
  }
  return { allowances, members };
}

/** Whether the till holds an allowance for the member it can still use. */
export async function hasUsableAllowance(db: TerminalDatabase, memberId: string, now: number): Promise<boolean> {
  const holds = await db.holds.where('memberId').equals(memberId).toArray();
  return holds.some((h) => h.kind === 'allowance' && h.state === 'open' && h.useBy > now && h.remaining > h.queued);
}

import { unknownMember } from '../store/balance-view.js';
import type { MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import { stageIntent } from './stage-intent.js';
import type { WrittenIntent } from './write-intent.js';

/** A customer to enrol here, with the member id made for them. */
export interface NewEnrolment {
  readonly memberId: string;
  /** Normalised ten-digit mobile number. */
  readonly phone?: string;
  readonly name?: string;
  readonly cardNumber?: string;
  readonly consents: readonly string[];
}

/**
 * Stores an enrolment in ONE IndexedDB transaction: the enrol intent in the outbox and the new
 * member's local record (nothing confirmed, no visits yet), so bills for the member can be
 * taken at once, offline too. When a member this till holds already has the phone number or
 * card (another tab enrolled them a moment ago), writes nothing and answers with that member.
 */
export async function writeEnrolment(
  db: TerminalDatabase,
  enrolment: NewEnrolment,
  made: { intentId: string; now: number },
): Promise<WrittenIntent | { readonly existing: MemberRecord }> {
  return db.transaction('rw', ['members', 'intents'], async (tx) => {
    const holder =
      (enrolment.phone !== undefined ? await tx.members.where('phone').equals(enrolment.phone).first() : undefined) ??
      (enrolment.cardNumber !== undefined ? await tx.members.where('cardNumber').equals(enrolment.cardNumber).first() : undefined);
    if (holder) return { existing: holder };
    const member: MemberRecord = {
      ...unknownMember(enrolment.memberId, made.now),
      ...(enrolment.phone !== undefined ? { phone: enrolment.phone } : {}),
      ...(enrolment.name !== undefined ? { name: enrolment.name } : {}),
      ...(enrolment.cardNumber !== undefined ? { cardNumber: enrolment.cardNumber } : {}),
      // A new member: their first bill earns as a first visit (first-purchase bonuses).
      earnState: { visits: 0, qualifyingPoints: 0, promotionPoints: {} },
      enrolledBy: made.intentId,
    };
    const { memberId, ...customer } = enrolment;
    const staged = await stageIntent(tx, member, { kind: 'enrol', memberId, points: 0, enrolment: customer }, made);
    await tx.members.put(staged.member);
    return staged;
  });
}

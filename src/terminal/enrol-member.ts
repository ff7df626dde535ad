import * as z from 'zod/mini';
import { ERROR_CODES } from '../errors/error-codes.js';
import { parseOrThrow } from '../errors/from-zod.js';
import { TillpointsError, isTillpointsError } from '../errors/tillpoints-error.js';
import { writeEnrolment } from '../outbox/write-enrolment.js';
import { cardNumberSchema, idSchema, normalizeIndianMobile, phoneInputSchema, type MemberLookupV1 } from '../protocol/index.js';
import type { IntentRecord, MemberRecord } from '../store/records.js';
import type { TerminalDatabase } from '../store/terminal-database.js';
import type { LedgerClient } from '../sync/ledger-client.js';
import { withDeadline } from '../sync/with-deadline.js';
import { cacheLedgerMember, findCachedMember } from './member-cache.js';
import type { MemberView } from './member-lookup.js';

/** `terminal.enrol()`: a customer joining at the counter. */
export const enrolArgsSchema = z.strictObject({
  /** Their mobile number, in any common Indian form. */
  phone: z.optional(phoneInputSchema),
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(120))),
  cardNumber: z.optional(cardNumberSchema),
  /** The consents they gave, by the brand's ids (e.g. `loyalty_terms`); the ledger refuses an enrolment without those the store requires. */
  consents: z.array(idSchema).check(z.maxLength(20)),
});
export type EnrolArgs = z.input<typeof enrolArgsSchema>;

/** What `terminal.enrol()` answers: the member, and whether this call enrolled them. */
export interface Enrolment extends MemberView {
  /** True when this call enrolled a new member (its `intentId` goes to the ledger); false when the phone or card already belonged to a member, who is answered instead. */
  readonly enrolled: boolean;
  /** The enrolment's intent id, when `enrolled`. */
  readonly intentId: string | null;
}

/** What `enrol` found or made: the member, and the enrolment's intent when one was written. */
export interface EnrolOutcome {
  readonly member: MemberRecord;
  readonly source: 'cache' | 'ledger' | 'enrolled';
  readonly intent?: IntentRecord;
}

/** What enrolling needs from the terminal. */
export interface EnrolContext {
  readonly db: TerminalDatabase;
  readonly client: LedgerClient;
  readonly deadlineMs: number;
  readonly now: () => number;
  /** Makes ids: the intent's, and (with `m-`) the new member's. */
  readonly nextId: () => string;
}

/**
 * Enrols a customer: a member who already has the phone number (or card) is answered as they
 * are, from this till's cache or from the ledger when it answers within `deadlineMs`;
 * otherwise (or offline) a member id is made here (`m-` + a ULID) and the enrolment is stored
 * with the member's local record in one transaction. The ledger creates the member once, or
 * merges the id into a member it finds with the same phone (see the `member_merged` event).
 */
export async function enrolMember(c: EnrolContext, args: EnrolArgs): Promise<EnrolOutcome> {
  const a = parseOrThrow(enrolArgsSchema, args, ERROR_CODES.invalidArgument, 'invalid enrolment');
  const phone = a.phone === undefined ? undefined : normalizeIndianMobile(a.phone);
  if (a.phone !== undefined && !phone) {
    throw new TillpointsError(ERROR_CODES.invalidArgument, `invalid enrolment: ${a.phone} is not an Indian mobile number`);
  }
  const lookup: MemberLookupV1 | undefined = phone ? { phone } : a.cardNumber ? { card: a.cardNumber } : undefined;
  if (lookup) {
    const cached = await findCachedMember(c.db, lookup);
    if (cached) return { member: cached, source: 'cache' };
    const known = await atLedger(c, lookup, phone);
    if (known) return { member: known, source: 'ledger' };
  }
  const intentId = c.nextId();
  const written = await writeEnrolment(
    c.db,
    {
      memberId: `m-${c.nextId()}`,
      consents: a.consents,
      ...(phone ? { phone } : {}),
      ...(a.name !== undefined ? { name: a.name } : {}),
      ...(a.cardNumber !== undefined ? { cardNumber: a.cardNumber } : {}),
    },
    { intentId, now: c.now() },
  );
  if ('existing' in written) return { member: written.existing, source: 'cache' };
  return { member: written.member, source: 'enrolled', intent: written.intent };
}

// The member the ledger knows by this phone or card, cached; undefined when it knows none or does not answer in time.
async function atLedger(c: EnrolContext, lookup: MemberLookupV1, phone: string | undefined): Promise<MemberRecord | undefined> {
  try {
    const { member } = await withDeadline(c.client.findMember(lookup), c.deadlineMs, 'a member lookup', c.client.timers);
    return await cacheLedgerMember(c.db, member, c.now(), phone);
  } catch (error) {
    // Not found, offline, slow or failing: enrol here; the ledger merges if it knew them after all.
    if (isTillpointsError(error) && error.code !== ERROR_CODES.storage) return undefined;
    throw error;
  }
}

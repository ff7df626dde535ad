import { normalizeIndianMobile, type EnrolIntentV1, type RejectionReason } from '../../protocol/index.js';

/** Who already holds what an enrolment brings, as the ledger found it. */
export interface EnrolmentFinding {
  /** The enrolment's member id is already a member, or already an alias of one. */
  readonly idTaken: boolean;
  /** The member holding the enrolment's (normalised) phone number, if any. */
  readonly phoneHolder?: string | undefined;
  /** The member holding the enrolment's card number, if any. */
  readonly cardHolder?: string | undefined;
}

/**
 * What a new enrolment becomes:
 * - `create`: a new member with the till's id;
 * - `merge`: the phone (or card) already belongs to `into`: the till's id becomes their alias;
 * - `reject`: nothing is created.
 */
export type EnrolmentVerdict =
  | { readonly action: 'create'; readonly phone: string | null }
  | { readonly action: 'merge'; readonly into: string }
  | { readonly action: 'reject'; readonly reason: RejectionReason; readonly message: string };

/** The enrolment's phone number normalised; null when absent; undefined when it is not an Indian mobile number. */
export function enrolmentPhone(intent: EnrolIntentV1): string | null | undefined {
  return intent.phone === undefined ? null : normalizeIndianMobile(intent.phone);
}

/**
 * Decides a new enrolment. Pure. In order: a phone that is not a mobile number is
 * `invalid_intent` (the till sent what it should have refused); a missing required consent is
 * `consent_required`; an id already used is `member_exists`; a phone, then a card, that
 * already belongs to a member merges into them; otherwise the member is created.
 */
export function decideEnrolment(intent: EnrolIntentV1, required: readonly string[], found: EnrolmentFinding): EnrolmentVerdict {
  const phone = enrolmentPhone(intent);
  if (phone === undefined) {
    return { action: 'reject', reason: 'invalid_intent', message: `enrolment of ${intent.memberId}: ${intent.phone} is not an Indian mobile number` };
  }
  const missing = required.filter((c) => !intent.consents.includes(c));
  if (missing.length > 0) {
    return { action: 'reject', reason: 'consent_required', message: `enrolment of ${intent.memberId} lacks the consents this store requires: ${missing.join(', ')}` };
  }
  if (found.idTaken) {
    return { action: 'reject', reason: 'member_exists', message: `member id ${intent.memberId} is already in use; nothing was enrolled` };
  }
  const holder = found.phoneHolder ?? found.cardHolder;
  if (holder !== undefined) return { action: 'merge', into: holder };
  return { action: 'create', phone };
}

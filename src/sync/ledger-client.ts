import ky, { type KyInstance } from 'ky';
import { z } from 'zod';
import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import { checkPushAnswer, type PushResult } from '../policy/check-push-answer.js';
import { REJECTION_REASON_PATTERN } from '../policy/rejection-reasons.js';
import {
  PROTOCOL_VERSION,
  appliedOutcomeV1Schema,
  duplicateOutcomeV1Schema,
  errorResponseV1Schema,
  memberLookupResponseV1Schema,
  maskIndianMobile,
  normalizeIndianMobile,
  pullRequestV1Schema,
  pullResponseV1Schema,
  pushRequestV1Schema,
  pushResponseV1Schema,
  registerIncarnationRequestV1Schema,
  registerIncarnationResponseV1Schema,
  rejectedOutcomeV1Schema,
  rulesetResponseV1Schema,
  type IntentV1,
  type MemberLookupV1,
  type MemberV1,
  type PullResponseV1,
  type RegisterIncarnationResponseV1,
  type RulesetResponseV1,
} from '../protocol/index.js';

// The push answer as this SDK reads it: the protocol's, where a rejection's reason may be
// one a newer ledger added and this SDK does not know. It is read as a plain rejection (a
// conflict with a generic action), never as a broken answer that would jam the till.
const rejectedOutcome = rejectedOutcomeV1Schema.extend({ reason: z.string().regex(REJECTION_REASON_PATTERN) });
const finalOutcome = z.discriminatedUnion('outcome', [appliedOutcomeV1Schema, rejectedOutcome]);
const pushResult = z.discriminatedUnion('outcome', [appliedOutcomeV1Schema, rejectedOutcome, duplicateOutcomeV1Schema.extend({ original: finalOutcome })]);
const pushResponse = pushResponseV1Schema.extend({ results: z.array(pushResult) });
/** One result of a push, as {@link LedgerClient.push} returns it. */
export type PushResultRead = z.infer<typeof pushResult>;

/** How the terminal reaches the ledger. */
export interface LedgerClientOptions {
  readonly ledgerUrl: string;
  readonly terminalId: string;
  readonly storeId: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  readonly fetch?: typeof globalThis.fetch;
  /** The till's clock (ms since epoch), the one its intents are dated by: sent with each push so the ledger can correct for its skew. @default Date.now */
  readonly now?: () => number;
}

function protocolViolation(what: string, cause?: unknown): TillpointsError {
  return new TillpointsError(ERROR_CODES.protocolViolation, `the ledger's answer to ${what} breaks the protocol`, cause ? { cause } : {});
}

// A till sees a member's phone masked (`98XXXXXX10`); an admin-keyed or older ledger sends it whole.
function phoneMatches(member: MemberV1, asked: string | undefined): boolean {
  if (!asked) return false;
  if (member.phone !== null) return normalizeIndianMobile(member.phone) === asked;
  return member.maskedPhone === maskIndianMobile(asked);
}

/**
 * The terminal's side of the wire: every request is validated before it leaves and every
 * answer before it is believed. Transport and HTTP failures become typed errors; business
 * outcomes come back as values.
 */
export class LedgerClient {
  readonly #http: KyInstance;
  readonly #terminal: { terminalId: string; storeId: string };
  readonly #now: () => number;

  constructor(options: LedgerClientOptions) {
    this.#terminal = { terminalId: options.terminalId, storeId: options.storeId };
    this.#now = options.now ?? Date.now;
    this.#http = ky.create({
      prefixUrl: options.ledgerUrl,
      timeout: options.timeoutMs,
      retry: 0, // the sync engine owns retries and their backoff
      throwHttpErrors: false,
      headers: { authorization: `Bearer ${options.apiKey}` },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  async #call<S extends z.ZodType>(what: string, path: string, schema: S, init: { json?: unknown; searchParams?: Record<string, string> }): Promise<z.infer<S>> {
    let response: Response;
    try {
      response = await this.#http(
        path,
        init.json === undefined
          ? { method: 'get', ...(init.searchParams ? { searchParams: init.searchParams } : {}) }
          : { method: 'post', json: init.json },
      );
    } catch (cause) {
      const timedOut = (cause as Error | undefined)?.name === 'TimeoutError';
      throw new TillpointsError(ERROR_CODES.network, timedOut ? `the ledger did not answer ${what} in time` : `the ledger could not be reached for ${what}`, {
        cause,
        details: { timedOut },
      });
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (cause) {
      if (response.ok) throw protocolViolation(what, cause);
      body = undefined;
    }
    if (!response.ok) {
      const parsed = errorResponseV1Schema.safeParse(body);
      const ledgerCode = parsed.success ? parsed.data.error.code : undefined;
      const message = parsed.success ? parsed.data.error.message : `HTTP ${response.status}`;
      const details = { status: response.status, ledgerCode, ...(parsed.success && parsed.data.error.issues ? { issues: parsed.data.error.issues } : {}) };
      if (response.status === 401 || ledgerCode === 'terminal_mismatch') {
        throw new TillpointsError(ERROR_CODES.unauthorized, `the ledger refused this terminal's key: ${message}`, { details });
      }
      if (response.status >= 500) throw new TillpointsError(ERROR_CODES.ledgerUnavailable, `the ledger failed ${what}: ${message}`, { details });
      if (response.status === 404 && ledgerCode === 'member_not_found') {
        throw new TillpointsError(ERROR_CODES.memberNotFound, message, { details });
      }
      throw new TillpointsError(ERROR_CODES.ledgerRefused, `the ledger refused ${what}: ${message}`, { details });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw protocolViolation(what, parsed.error);
    return parsed.data;
  }

  /**
   * Pushes a batch of intents; returns one checked result per intent, in order. A
   * well-formed answer that cannot be the ledger's answer to this batch (see
   * `checkPushAnswer`) is a `protocol_violation`, as bad as a malformed one. A registered
   * till names its incarnation (`incarnationId`).
   */
  async push(intents: readonly IntentV1[], incarnationId?: string): Promise<PushResultRead[]> {
    const request = pushRequestV1Schema.parse({
      protocol: PROTOCOL_VERSION, ...this.#terminal, intents, sentAt: new Date(this.#now()).toISOString(),
      ...(incarnationId !== undefined ? { incarnationId } : {}),
    });
    const answer = await this.#call('a push', 'v1/push', pushResponse, { json: request });
    const wrong = checkPushAnswer(request.intents, answer.results as PushResult[]);
    if (wrong) throw protocolViolation(`a push (${wrong})`);
    return answer.results;
  }

  /** Pulls balance changes since `cursor`. */
  async pull(cursor: string | null, memberIds?: readonly string[], limit?: number): Promise<PullResponseV1> {
    const request = pullRequestV1Schema.parse({
      protocol: PROTOCOL_VERSION,
      ...this.#terminal,
      cursor,
      ...(memberIds ? { memberIds } : {}),
      ...(limit ? { limit } : {}),
    });
    const answer = await this.#call('a pull', 'v1/pull', pullResponseV1Schema, { json: request });
    if (memberIds) {
      const asked = new Set(memberIds);
      const other = answer.changes.find((c) => !asked.has(c.memberId));
      if (other) throw protocolViolation(`a pull (a change of member ${other.memberId}, who was not asked about)`);
    }
    return answer;
  }

  /** The ruleset in force at the ledger, or undefined when none is published. */
  async ruleset(): Promise<RulesetResponseV1 | undefined> {
    try {
      return await this.#call('a ruleset fetch', 'v1/rulesets/current', rulesetResponseV1Schema, {});
    } catch (error) {
      if (error instanceof TillpointsError && error.details?.ledgerCode === 'ruleset_not_found') return undefined;
      throw error;
    }
  }

  /** Finds a member at the ledger. */
  async lookup(lookup: MemberLookupV1): Promise<MemberV1> {
    return (await this.findMember(lookup)).member;
  }

  /**
   * Finds a member at the ledger; `mergedFrom` when the member id asked for was merged into
   * the member found (an enrolment at a till whose phone number a member already held).
   */
  async findMember(lookup: MemberLookupV1): Promise<{ member: MemberV1; mergedFrom?: string }> {
    const searchParams = Object.fromEntries(Object.entries(lookup)) as Record<string, string>;
    const answer = await this.#call('a member lookup', 'v1/members/lookup', memberLookupResponseV1Schema, { searchParams });
    // Another member than the one asked for would be cached, and credited, in their place.
    const m = answer.member;
    const matches =
      'memberId' in lookup ? (answer.mergedFrom === undefined ? m.memberId === lookup.memberId : answer.mergedFrom === lookup.memberId && m.memberId !== lookup.memberId)
      : 'card' in lookup ? m.cardNumber === lookup.card && answer.mergedFrom === undefined
      : phoneMatches(m, normalizeIndianMobile(lookup.phone)) && answer.mergedFrom === undefined;
    if (!matches || m.balance.memberId !== m.memberId) throw protocolViolation('a member lookup (another member than the one asked for)');
    return { member: m, ...(answer.mergedFrom !== undefined ? { mergedFrom: answer.mergedFrom } : {}) };
  }

  /**
   * Registers this till's incarnation (a till that started on an empty database) and
   * returns the ledger's `seqBase`. Idempotent: the same id answers the same base. A ledger
   * older than incarnations answers 404 (`ledger_refused` with `details.status` 404).
   */
  async registerIncarnation(incarnationId: string): Promise<RegisterIncarnationResponseV1> {
    const request = registerIncarnationRequestV1Schema.parse({ protocol: PROTOCOL_VERSION, ...this.#terminal, incarnationId });
    const answer = await this.#call('an incarnation registration', 'v1/incarnations', registerIncarnationResponseV1Schema, { json: request });
    if (answer.incarnationId !== incarnationId) throw protocolViolation('an incarnation registration (another incarnation than the one registered)');
    return answer;
  }
}

import * as z from 'zod/mini';
import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import { checkHoldAnswer } from '../policy/check-hold-answer.js';
import { checkPushAnswer, type PushResult } from '../policy/check-push-answer.js';
import { REJECTION_REASON_PATTERN } from '../policy/rejection-reasons.js';
import { parseRetryAfter } from '../policy/retry-after.js';
import { platformTimers, type Timers } from './timers.js';
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
  allowancesRequestV1Schema,
  allowancesResponseV1Schema,
  holdResponseV1Schema,
  placeHoldRequestV1Schema,
  releaseAllowancesRequestV1Schema,
  releaseAllowancesResponseV1Schema,
  tillPolicyResponseV1Schema,
  voidHoldRequestV1Schema,
  type AllowancesResponseV1,
  type HoldResponseV1,
  type TillPolicyResponseV1,
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
const rejectedOutcome = z.extend(rejectedOutcomeV1Schema, { reason: z.string().check(z.regex(REJECTION_REASON_PATTERN)) });
const finalOutcome = z.discriminatedUnion('outcome', [appliedOutcomeV1Schema, rejectedOutcome]);
const pushResult = z.discriminatedUnion('outcome', [appliedOutcomeV1Schema, rejectedOutcome, z.extend(duplicateOutcomeV1Schema, { original: finalOutcome })]);
const pushResponse = z.extend(pushResponseV1Schema, { results: z.array(pushResult) });
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
  /** The timers a request's timeout runs on. @default the platform's */
  readonly timers?: Timers;
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
  readonly #baseUrl: string;
  readonly #apiKey: string;
  readonly #fetch: typeof globalThis.fetch | undefined;
  readonly #terminal: { terminalId: string; storeId: string };
  readonly #now: () => number;
  readonly #timeoutMs: number;
  /** The timers this client's timeouts run on; the deadlines of calls a cashier waits on use them too. */
  readonly timers: Timers;

  constructor(options: LedgerClientOptions) {
    this.#terminal = { terminalId: options.terminalId, storeId: options.storeId };
    this.#now = options.now ?? Date.now;
    this.#timeoutMs = options.timeoutMs;
    this.timers = options.timers ?? platformTimers;
    this.#baseUrl = options.ledgerUrl.endsWith('/') ? options.ledgerUrl : `${options.ledgerUrl}/`;
    this.#apiKey = options.apiKey;
    this.#fetch = options.fetch;
  }

  /**
   * One HTTP exchange, nothing more: no retry (the sync engine owns retries and their backoff),
   * no timeout (ours, on `timers`, see #call), an HTTP error status is an answer like any other.
   * The body is a string, so a transport that fails before reading it holds nothing open.
   */
  #send(path: string, init: { json?: unknown; searchParams?: Record<string, string> }, signal: AbortSignal): Promise<Response> {
    const url = new URL(this.#baseUrl + path);
    if (init.searchParams) url.search = new URLSearchParams(init.searchParams).toString();
    const headers: Record<string, string> = { authorization: `Bearer ${this.#apiKey}` };
    if (init.json === undefined) return (this.#fetch ?? globalThis.fetch)(url.href, { method: 'GET', headers, signal });
    headers['content-type'] = 'application/json';
    return (this.#fetch ?? globalThis.fetch)(url.href, { method: 'POST', headers, body: JSON.stringify(init.json), signal });
  }

  async #call<S extends z.ZodMiniType>(
    what: string,
    path: string,
    schema: S,
    init: { json?: unknown; searchParams?: Record<string, string>; timeoutMs?: number },
  ): Promise<z.infer<S>> {
    const unreachable = (cause: unknown, timedOut: boolean) =>
      new TillpointsError(ERROR_CODES.network, timedOut ? `the ledger did not answer ${what} in time` : `the ledger could not be reached for ${what}`, {
        cause,
        details: { timedOut },
      });
    const abort = new AbortController();
    const exchange = (async () => {
      let response: Response;
      try {
        response = await this.#send(path, init, abort.signal);
      } catch (cause) {
        throw unreachable(cause, false);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch (cause) {
        if (response.ok) throw protocolViolation(what, cause);
        body = undefined;
      }
      return { response, body };
    })();
    exchange.catch(() => {}); // after a timeout, the late failure is nobody's to handle
    // The timeout runs on `timers` and covers the whole exchange, answer body included; it
    // answers even from a transport that ignores the abort.
    let timer: unknown;
    const late = new Promise<never>((_, reject) => {
      timer = this.timers.setTimeout(() => {
        reject(unreachable(new Error(`no answer within ${init.timeoutMs ?? this.#timeoutMs} ms`), true));
        abort.abort();
      }, init.timeoutMs ?? this.#timeoutMs);
    });
    let response: Response;
    let body: unknown;
    try {
      ({ response, body } = await Promise.race([exchange, late]));
    } finally {
      this.timers.clearTimeout(timer);
    }
    if (!response.ok) {
      const parsed = errorResponseV1Schema.safeParse(body);
      const ledgerCode = parsed.success ? parsed.data.error.code : undefined;
      const message = parsed.success ? parsed.data.error.message : `HTTP ${response.status}`;
      // A busy ledger (503 `ledger_busy`) says when to come back; the sync loop waits at least that long.
      const retryAfterMs = response.status === 503 || response.status === 429 ? parseRetryAfter(response.headers.get('retry-after'), this.#now()) : undefined;
      const details = {
        status: response.status, ledgerCode,
        ...(parsed.success && parsed.data.error.issues ? { issues: parsed.data.error.issues } : {}),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };
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

  /**
   * Places a hold for a bill in progress (idempotent by `holdId`, made by the till), waiting at
   * most `timeoutMs`. Short of points: `ledger_refused` with `details.ledgerCode`
   * `insufficient_points`. An answer about another hold, member or till, or for other points
   * than asked, is a `protocol_violation`.
   */
  async placeHold(hold: { holdId: string; memberId: string; points: number; billId?: string }, timeoutMs?: number): Promise<HoldResponseV1> {
    const request = placeHoldRequestV1Schema.parse({ protocol: PROTOCOL_VERSION, ...this.#terminal, ...hold });
    const answer = await this.#call('a hold', 'v1/holds', holdResponseV1Schema, { json: request, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
    const wrong = checkHoldAnswer({ ...this.#terminal, kind: 'hold', holdId: hold.holdId, memberId: hold.memberId, points: hold.points }, answer.hold, answer.balance);
    if (wrong) throw protocolViolation(`a hold (${wrong})`);
    return answer;
  }

  /** Voids a hold of this till (the bill was cancelled). Idempotent; a closed hold is `ledger_refused` with `hold_closed`. */
  async voidHold(holdId: string, memberId?: string): Promise<HoldResponseV1> {
    const request = voidHoldRequestV1Schema.parse({ protocol: PROTOCOL_VERSION, ...this.#terminal });
    const path = `v1/holds/${encodeURIComponent(holdId)}/void`;
    const answer = await this.#call('a hold void', path, holdResponseV1Schema, { json: request });
    const wrong = checkHoldAnswer({ ...this.#terminal, holdId, ...(memberId ? { memberId } : {}) }, answer.hold, answer.balance);
    if (wrong) throw protocolViolation(`a hold void (${wrong})`);
    return answer;
  }

  /**
   * Asks for allowances for the members named and/or this store's `frequent` most frequent
   * members, in one call, waiting at most `timeoutMs`. Each answer must be an allowance of this
   * till for a member asked about (when only members were named), at most once per member.
   */
  async requestAllowances(ask: { memberIds?: readonly string[]; frequent?: number }, timeoutMs?: number): Promise<AllowancesResponseV1> {
    const request = allowancesRequestV1Schema.parse({
      protocol: PROTOCOL_VERSION, ...this.#terminal,
      ...(ask.memberIds ? { memberIds: [...ask.memberIds] } : {}),
      ...(ask.frequent ? { frequent: ask.frequent } : {}),
    });
    const answer = await this.#call('an allowance request', 'v1/allowances', allowancesResponseV1Schema, {
      json: request, ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
    const asked = ask.frequent ? undefined : new Set(ask.memberIds ?? []);
    const seen = new Set<string>();
    for (const { allowance, balance } of answer.allowances) {
      const wrong =
        checkHoldAnswer({ ...this.#terminal, kind: 'allowance' }, allowance, balance) ??
        (asked && !asked.has(allowance.memberId) ? `an allowance for member ${allowance.memberId}, who was not asked about` : null) ??
        (seen.has(allowance.memberId) ? `two allowances for member ${allowance.memberId}` : null);
      if (wrong) throw protocolViolation(`an allowance request (${wrong})`);
      seen.add(allowance.memberId);
    }
    return answer;
  }

  /** Gives back what is left of these allowances of this till. Idempotent. */
  async releaseAllowances(allowanceIds: readonly string[]): Promise<AllowancesResponseV1> {
    const request = releaseAllowancesRequestV1Schema.parse({ protocol: PROTOCOL_VERSION, ...this.#terminal, allowanceIds: [...allowanceIds] });
    const answer = await this.#call('an allowance release', 'v1/allowances/release', releaseAllowancesResponseV1Schema, { json: request });
    const asked = new Set(allowanceIds);
    for (const { allowance, balance } of answer.allowances) {
      const wrong =
        checkHoldAnswer({ ...this.#terminal, kind: 'allowance' }, allowance, balance) ??
        (asked.has(allowance.holdId) ? null : `allowance ${allowance.holdId}, which was not released`);
      if (wrong) throw protocolViolation(`an allowance release (${wrong})`);
    }
    return answer;
  }

  /**
   * The redemption policy in force for this till's store, with the ledger's clock; undefined
   * from a ledger older than holds (it has no such endpoint). A policy of another store is a
   * `protocol_violation`.
   */
  async policy(): Promise<TillPolicyResponseV1 | undefined> {
    let answer;
    try {
      answer = await this.#call('a policy fetch', 'v1/policy', tillPolicyResponseV1Schema, {});
    } catch (error) {
      if (isOlderLedger(error)) return undefined;
      throw error;
    }
    if (answer.storeId !== this.#terminal.storeId) throw protocolViolation(`a policy fetch (the policy of store ${answer.storeId})`);
    return answer;
  }
}

/**
 * How long the ledger asked to be left alone (`Retry-After`, in ms) in the error of a request
 * it answered busy or unavailable; undefined for any other error.
 */
export function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof TillpointsError) || error.code !== ERROR_CODES.ledgerUnavailable) return undefined;
  const ms = (error.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof ms === 'number' ? ms : undefined;
}

/**
 * Whether an error says the ledger has no such endpoint (a 404 that is not about a thing the
 * endpoint looked for): a ledger older than holds.
 */
export function isOlderLedger(error: unknown): boolean {
  if (!(error instanceof TillpointsError) || error.code !== ERROR_CODES.ledgerRefused) return false;
  const d = error.details as { status?: number; ledgerCode?: string } | undefined;
  return d?.status === 404 && (d.ledgerCode === undefined || d.ledgerCode === 'not_found');
}

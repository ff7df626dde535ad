import ky, { type KyInstance } from 'ky';
import type { z } from 'zod';
import { ERROR_CODES } from '../errors/error-codes.js';
import { TillpointsError } from '../errors/tillpoints-error.js';
import {
  PROTOCOL_VERSION,
  errorResponseV1Schema,
  memberLookupResponseV1Schema,
  pullRequestV1Schema,
  pullResponseV1Schema,
  pushRequestV1Schema,
  pushResponseV1Schema,
  rulesetResponseV1Schema,
  type IntentV1,
  type MemberLookupV1,
  type MemberV1,
  type PullResponseV1,
  type PushResultV1,
  type RulesetResponseV1,
} from '../protocol/index.js';

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
      const details = { status: response.status, ledgerCode };
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

  /** Pushes a batch of intents; returns one checked result per intent, in order. */
  async push(intents: readonly IntentV1[]): Promise<PushResultV1[]> {
    const request = pushRequestV1Schema.parse({ protocol: PROTOCOL_VERSION, ...this.#terminal, intents, sentAt: new Date(this.#now()).toISOString() });
    const answer = await this.#call('a push', 'v1/push', pushResponseV1Schema, { json: request });
    // A well-formed answer about other intents, or other members, is as bad as a malformed one.
    if (answer.results.length !== intents.length) throw protocolViolation('a push (wrong number of results)');
    answer.results.forEach((result, i) => {
      const intent = intents[i]!;
      const final = result.outcome === 'duplicate' ? result.original : result;
      if (result.intentId !== intent.intentId || final.intentId !== intent.intentId) {
        throw protocolViolation('a push (results out of order)');
      }
      if (final.balance && final.balance.memberId !== intent.memberId) throw protocolViolation('a push (balance of another member)');
    });
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
    return this.#call('a pull', 'v1/pull', pullResponseV1Schema, { json: request });
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
    const searchParams = Object.fromEntries(Object.entries(lookup)) as Record<string, string>;
    const answer = await this.#call('a member lookup', 'v1/members/lookup', memberLookupResponseV1Schema, { searchParams });
    return answer.member;
  }
}

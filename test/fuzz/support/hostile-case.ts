import type { Draft } from './anchors.js';
import type { FuzzWorld } from './fuzz-world.js';
import type { WireRequest } from './send-request.js';

/** What a named hostile case expects besides the suite's invariants (no 5xx, typed refusals, nothing written). */
export type Expectation =
  /** This status, and this error code when given; a body matching `body` when given. */
  | { readonly status: number; readonly code?: string; readonly body?: Record<string, unknown> }
  /** Any 4xx. */
  | { readonly refused: true }
  /** Any answer that keeps the suite's invariants (the right answer is a matter of policy). */
  | { readonly answered: true }
  /**
   * A malformed intent: a 400 `invalid_request` for the batch, or (once the push answers per
   * intent) a 200 whose result for the last intent is `rejected`. Either way nothing is written for it.
   */
  | { readonly invalidIntent: true }
  /** A 200 whose result for the last intent of the batch has this outcome (and reason). */
  | { readonly outcome: 'applied' | 'rejected' | 'duplicate'; readonly reason?: string };

/** A request a case sends: a draft for its endpoint, with parts of the wire request replaced. */
export interface CaseRequest {
  readonly draft?: Draft;
  /** Which key to send: the till's, another till's, the admin's, none, or a literal key. */
  readonly key?: 'till' | 'other' | 'admin' | 'none' | { readonly literal: string };
  readonly wire?: Partial<WireRequest>;
}

/** One named kind of hostile input and what the ledger must answer to it. */
export interface HostileCase {
  readonly name: string;
  /** The endpoint's name in the endpoint table (its schemas and answers), or undefined for no endpoint. */
  readonly endpoint: string | undefined;
  /** Runs before the request (e.g. applies the intent a reversal names); may return values for `request`. */
  readonly setup?: (w: FuzzWorld) => Promise<unknown>;
  readonly request: (w: FuzzWorld, prepared: any) => CaseRequest;
  readonly expect: Expectation;
  /** A known 500 or money bug, fixed on another branch: the case is skipped until then. */
  readonly knownBug?: string;
}

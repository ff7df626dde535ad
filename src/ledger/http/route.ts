import type * as z from 'zod/mini';
import type { LedgerLimitsV1, RedemptionPolicyV1 } from '../../protocol/index.js';
import type { NewId } from '../clock/ledger-ids.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import type { LiveHub } from '../live/live-hub.js';
import type { Caller } from './authenticate.js';

/** What a route handler gets. */
export interface RouteContext {
  readonly db: SqlDatabase;
  readonly caller: Caller | { readonly kind: 'public' };
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  /** Reads and parses the JSON body (size- and type-checked). */
  readonly body: () => Promise<unknown>;
  /** The ledger's clock: the only one a request reads. */
  readonly now: () => Date;
  /** Makes the ids the ledger gives (seeded by the ledger's `random` option). */
  readonly newId: NewId;
  /** How long after a newer ruleset a till's results by the previous one still stand. */
  readonly rulesGraceMs: number;
  /** The program's default limits on tills (the ledger's `limits` option). */
  readonly limits: LedgerLimitsV1;
  /** The programme's default redemption policy (the ledger's `redemptionPolicy` option). */
  readonly redemptionPolicy: RedemptionPolicyV1;
  readonly request: Request;
  /** The webhook deliverer, told when subscriptions change (absent when a handler runs without one). */
  readonly webhooks?: { subscriptionsChanged(): void };
  /** The open live streams (absent on a handler built without a commit signal). */
  readonly live?: LiveHub | undefined;
}

/** One endpoint: method, path pattern (`:name` segments), the schema its answer must pass, and the handler. */
export interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** Who may call it: anyone, terminals, admins, or either kind of key. */
  readonly auth: 'public' | 'terminal' | 'admin' | 'any';
  readonly response: z.ZodMiniType;
  /**
   * The schema of each `:name` segment of `path`. Every segment must have one: a segment that
   * fails it answers 404, so no unchecked text from a URL reaches the database.
   */
  readonly params?: Readonly<Record<string, z.ZodMiniType<string>>>;
  readonly status?: number;
  /** The handler answers with its own `Response` (an event stream), sent as it is. */
  readonly streams?: true;
  readonly handle: (ctx: RouteContext) => Promise<unknown>;
}

/** Matches a path against a `:name` pattern, returning the named segments. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return undefined;
      }
    } else if (w !== g) return undefined;
  }
  return params;
}

/** The `:name` segments of a route's path. */
export function pathParams(pattern: string): string[] {
  return pattern.split('/').filter((s) => s.startsWith(':')).map((s) => s.slice(1));
}

/** Throws at start-up when a route leaves a path segment unchecked (a programming error). */
export function requireParamSchemas(routes: readonly Route[]): void {
  for (const route of routes) {
    for (const name of pathParams(route.path)) {
      if (!route.params?.[name]) throw new Error(`route ${route.method} ${route.path} has no schema for :${name}`);
    }
  }
}

/** Whether every path segment passes its route's schema. */
export function paramsValid(route: Route, params: Readonly<Record<string, string>>): boolean {
  return pathParams(route.path).every((name) => route.params?.[name]?.safeParse(params[name]).success === true);
}

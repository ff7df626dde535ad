import type { LedgerLimitsV1, RedemptionPolicyV1 } from '../../protocol/index.js';
import { ledgerIds, type NewId } from '../clock/ledger-ids.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import { isLedgerBusy } from '../sql/ledger-busy-error.js';
import { isStorageUnavailable, isValueRefused } from '../sql/storage-errors.js';
import { adminRoutes } from './admin-routes.js';
import { authorityRoutes } from './authority-routes.js';
import { holdRoutes } from './hold-routes.js';
import { policyRoutes } from './policy-routes.js';
import { authenticate, authorize, type Caller } from './authenticate.js';
import { corsHeaders, preflightResponse, type CorsOrigins } from './cors.js';
import { errorResponse, jsonResponse } from './json-response.js';
import { LedgerHttpError } from './ledger-http-error.js';
import { readJsonBody } from './read-json-body.js';
import { matchPath, paramsValid, requireParamSchemas, type Route } from './route.js';
import { rulesetRoutes } from './ruleset-routes.js';
import { terminalRoutes } from './terminal-routes.js';
import { incarnationRoutes } from './incarnation-routes.js';
import { webhookRoutes } from './webhook-routes.js';
import { streamRoutes } from './stream-routes.js';
import type { LiveHub } from '../live/live-hub.js';

const ROUTES: readonly Route[] = [
  ...terminalRoutes, ...adminRoutes, ...rulesetRoutes, ...authorityRoutes, ...holdRoutes, ...policyRoutes, ...incarnationRoutes,
  ...webhookRoutes, ...streamRoutes,
];
requireParamSchemas(ROUTES);

/** Options of the HTTP handler. */
export interface LedgerHandlerOptions {
  readonly db: SqlDatabase;
  readonly maxBodyBytes: number;
  readonly now: () => Date;
  /** Makes the ids the ledger gives. @default random ULIDs timed by `now` */
  readonly newId?: NewId;
  readonly rulesGraceMs: number;
  /** The program's default limits on tills. */
  readonly limits: LedgerLimitsV1;
  /** The programme's default redemption policy. @default {} (the built-in defaults) */
  readonly redemptionPolicy?: RedemptionPolicyV1;
  /** Web origins allowed to call from a browser. */
  readonly corsOrigins: CorsOrigins;
  /** Called with faults of the ledger itself (not a client's mistakes). */
  readonly onError: (error: unknown) => void;
  /** The webhook deliverer, told when an admin changes subscriptions. */
  readonly webhooks?: { subscriptionsChanged(): void };
  /** The live streams to tills (`POST /v1/stream`); without it the endpoint answers 404. */
  readonly live?: LiveHub;
}

/** The ledger's answer to a request: a request handler taking and giving web-standard objects. */
export type LedgerHandler = (request: Request) => Promise<Response>;

function findRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | 'wrong-method' | undefined {
  let pathMatched = false;
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    if (route.method === method) return { route, params };
    pathMatched = true;
  }
  return pathMatched ? 'wrong-method' : undefined;
}

/** The answer to a fault of the ledger itself (the client's request may be fine). */
function faultResponse(error: unknown): Response {
  if (isStorageUnavailable(error)) return errorResponse(503, 'storage_unavailable', 'the ledger cannot reach its database');
  // A value the schema let through but the database refuses: still the request's fault (a
  // 4xx that a till does not retry), and still reported, since the schema should have caught it.
  if (isValueRefused(error)) return errorResponse(400, 'invalid_request', 'invalid request: a value is out of range');
  return errorResponse(500, 'internal_error', 'the ledger failed; the request may be retried');
}

/** `503 ledger_busy`, with `Retry-After` in whole seconds. */
function busyResponse(retryAfterSeconds: number): Response {
  const response = errorResponse(503, 'ledger_busy', `the ledger is busy; try again in ${retryAfterSeconds} s`);
  response.headers.set('retry-after', String(retryAfterSeconds));
  return response;
}

/**
 * The ledger's HTTP request handler: routing, auth, validation both ways, and typed errors.
 * Web-standard (`Request` in, `Response` out): served over node:http by `createNodeListener`,
 * or called in-process (`ledger.fetch`). It always resolves, never with a 500 for a client's mistake.
 */
export function createLedgerHandler(options: LedgerHandlerOptions): LedgerHandler {
  const newId = options.newId ?? ledgerIds();
  const answer = async (request: Request): Promise<Response> => {
    if (request.method === 'OPTIONS') return preflightResponse();
    try {
      const url = new URL(request.url);
      const found = findRoute(request.method, url.pathname);
      if (found === undefined) throw new LedgerHttpError(404, 'not_found', `no endpoint ${url.pathname}`);
      if (found === 'wrong-method')
        throw new LedgerHttpError(405, 'method_not_allowed', `${request.method} is not allowed here`);
      const { route, params } = found;
      if (!paramsValid(route, params)) throw new LedgerHttpError(404, 'not_found', `no such ${url.pathname}`);
      let caller: Caller | { readonly kind: 'public' } = { kind: 'public' };
      if (route.auth !== 'public') {
        const known = await authenticate(options.db, request, options.now().toISOString());
        authorize(known, route.auth);
        caller = known;
      }
      const body = await route.handle({
        db: options.db,
        caller,
        url,
        params,
        request,
        now: options.now,
        newId,
        rulesGraceMs: options.rulesGraceMs,
        limits: options.limits,
        redemptionPolicy: options.redemptionPolicy ?? {},
        body: () => readJsonBody(request, options.maxBodyBytes),
        ...(options.webhooks ? { webhooks: options.webhooks } : {}),
        live: options.live,
      });
      // An event stream checks its own events (see LiveSession).
      if (route.streams) return body as Response;
      // The ledger checks its own answers too: a bug here must not reach a till as data.
      return jsonResponse(route.status ?? 200, route.response.parse(body));
    } catch (error) {
      if (error instanceof LedgerHttpError) return errorResponse(error.status, error.code, error.message, error.issues);
      // Load, not a fault: nothing was done, and the till is told when to come back.
      if (isLedgerBusy(error)) return busyResponse(error.retryAfterSeconds);
      options.onError(error);
      return faultResponse(error);
    }
  };
  return async (request) => {
    const response = await answer(request);
    for (const [name, value] of Object.entries(corsHeaders(request, options.corsOrigins))) response.headers.set(name, value);
    return response;
  };
}

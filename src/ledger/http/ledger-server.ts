import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LedgerLimitsV1, RedemptionPolicyV1 } from '../../protocol/index.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import { isStorageUnavailable, isValueRefused } from '../sql/storage-errors.js';
import { adminRoutes } from './admin-routes.js';
import { authorityRoutes } from './authority-routes.js';
import { holdRoutes } from './hold-routes.js';
import { policyRoutes } from './policy-routes.js';
import { authenticate, authorize, type Caller } from './authenticate.js';
import { applyCors, type CorsOrigins } from './cors.js';
import { LedgerHttpError } from './ledger-http-error.js';
import { readJsonBody } from './read-json-body.js';
import { matchPath, paramsValid, requireParamSchemas, type Route } from './route.js';
import { rulesetRoutes } from './ruleset-routes.js';
import { terminalRoutes } from './terminal-routes.js';

const ROUTES: readonly Route[] = [...terminalRoutes, ...adminRoutes, ...rulesetRoutes, ...authorityRoutes, ...holdRoutes, ...policyRoutes];
requireParamSchemas(ROUTES);

/** Options of the HTTP handler. */
export interface LedgerHandlerOptions {
  readonly db: SqlDatabase;
  readonly maxBodyBytes: number;
  readonly now: () => Date;
  readonly rulesGraceMs: number;
  /** The program's default limits on tills. */
  readonly limits: LedgerLimitsV1;
  /** The programme's default redemption policy. @default {} (the built-in defaults) */
  readonly redemptionPolicy?: RedemptionPolicyV1;
  /** Web origins allowed to call from a browser. */
  readonly corsOrigins: CorsOrigins;
  /** Called with faults of the ledger itself (not a client's mistakes). */
  readonly onError: (error: unknown) => void;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/**
 * The request's URL. The target is always read as a path (`//host/x` is the path `//host/x`,
 * never another host), and one that cannot be parsed is the client's mistake.
 */
function requestUrl(target: string | undefined): URL {
  try {
    return new URL(`http://ledger.invalid${target?.startsWith('/') ? target : `/${target ?? ''}`}`);
  } catch {
    throw new LedgerHttpError(400, 'invalid_request', 'the request target is not a valid path');
  }
}

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

/** The ledger's HTTP request handler: routing, auth, validation both ways, and typed errors. */
export function createLedgerHandler(options: LedgerHandlerOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (applyCors(req, res, options.corsOrigins)) return;
    try {
      const url = requestUrl(req.url);
      const found = findRoute(req.method ?? 'GET', url.pathname);
      if (found === undefined) throw new LedgerHttpError(404, 'not_found', `no endpoint ${url.pathname}`);
      if (found === 'wrong-method')
        throw new LedgerHttpError(405, 'method_not_allowed', `${req.method} is not allowed here`);
      const { route, params } = found;
      if (!paramsValid(route, params)) throw new LedgerHttpError(404, 'not_found', `no such ${url.pathname}`);
      let caller: Caller | { readonly kind: 'public' } = { kind: 'public' };
      if (route.auth !== 'public') {
        const known = await authenticate(options.db, req);
        authorize(known, route.auth);
        caller = known;
      }
      const body = await route.handle({
        db: options.db,
        caller,
        url,
        params,
        req,
        now: options.now,
        rulesGraceMs: options.rulesGraceMs,
        limits: options.limits,
        redemptionPolicy: options.redemptionPolicy ?? {},
        body: () => readJsonBody(req, options.maxBodyBytes),
      });
      // The ledger checks its own answers too: a bug here must not reach a till as data.
      send(res, route.status ?? 200, route.response.parse(body));
    } catch (error) {
      if (error instanceof LedgerHttpError) {
        send(res, error.status, {
          error: {
            code: error.code,
            message: error.message,
            ...(error.issues ? { issues: error.issues } : {}),
          },
        });
        // An unread body would otherwise keep the socket busy.
        if (!req.complete) req.resume();
        return;
      }
      options.onError(error);
      if (!req.complete) req.resume();
      if (isStorageUnavailable(error)) {
        send(res, 503, {
          error: { code: 'storage_unavailable', message: 'the ledger cannot reach its database' },
        });
      } else if (isValueRefused(error)) {
        // A value the schema let through but the database refuses: still the request's
        // fault (a 4xx that a till does not retry), and still reported, since the schema
        // should have caught it.
        send(res, 400, {
          error: { code: 'invalid_request', message: 'invalid request: a value is out of range' },
        });
      } else {
        send(res, 500, {
          error: { code: 'internal_error', message: 'the ledger failed; the request may be retried' },
        });
      }
    }
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Which web origins may call the ledger from a browser till: `'*'` for any (keys travel in
 * the Authorization header, never in cookies, so no ambient credential is exposed), or a
 * list of exact origins.
 */
export type CorsOrigins = '*' | readonly string[];

/**
 * Adds the CORS headers a browser needs to call the ledger from a till's page. Answers a
 * preflight (OPTIONS) itself and returns true; returns false for every other request.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, origins: CorsOrigins): boolean {
  const origin = req.headers.origin;
  if (origin && (origins === '*' || origins.includes(origin))) {
    res.setHeader('access-control-allow-origin', origins === '*' ? '*' : origin);
    if (origins !== '*') res.setHeader('vary', 'Origin');
  }
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST',
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-max-age': '600',
  });
  res.end();
  return true;
}

/**
 * Which web origins may call the ledger from a browser till: `'*'` for any (keys travel in
 * the Authorization header, never in cookies, so no ambient credential is exposed), or a
 * list of exact origins.
 */
export type CorsOrigins = '*' | readonly string[];

/** The CORS headers a browser needs on every answer to a request from `origin`. */
export function corsHeaders(request: Request, origins: CorsOrigins): Record<string, string> {
  const origin = request.headers.get('origin');
  if (!origin || (origins !== '*' && !origins.includes(origin))) return {};
  return origins === '*' ? { 'access-control-allow-origin': '*' } : { 'access-control-allow-origin': origin, vary: 'Origin' };
}

/** The answer to a preflight (OPTIONS): what a till's page may send. */
export function preflightResponse(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'authorization, content-type',
      'access-control-max-age': '600',
    },
  });
}

/**
 * A `fetch` for a terminal that lets a test stand between the till and the real ledger on
 * one endpoint: read what the till sends, forward it (changed or not) to the real ledger,
 * and return the real answer, a changed one, or a refusal. For faults the real ledger
 * cannot be made to produce; everything else goes through untouched.
 */
export type Exchange = (body: any, forward: (body: unknown) => Promise<Response>) => Promise<Response>;

export function ledgerFetch(path: '/v1/push' | '/v1/pull', exchange: Exchange): typeof fetch {
  return async (input, init) => {
    const request = new Request(input as RequestInfo, init);
    if (!new URL(request.url).pathname.endsWith(path)) return fetch(request);
    const body = await request.clone().json();
    const forward = (next: unknown) =>
      fetch(request.url, { method: 'POST', headers: request.headers, body: JSON.stringify(next), signal: request.signal });
    return exchange(body, forward);
  };
}

/** A JSON response, as the ledger would send it. */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** The ledger's 400 for a push whose intent at `index` its schema refuses, in the ledger's own format. */
export function refusedIntent(index: number, message = 'two lines share one lineId'): Response {
  return jsonResponse(400, {
    error: {
      code: 'invalid_request',
      message: `invalid request: intents.${index}.bill.lines: ${message}`,
      issues: [{ path: ['intents', index, 'bill', 'lines'], message }],
    },
  });
}

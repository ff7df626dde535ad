import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { answerClientError } from './answer-client-error.js';
import { errorResponse } from './json-response.js';
import type { LedgerHandler } from './ledger-server.js';
import { FORBIDDEN_METHODS, requestFromNode } from './node-request.js';

/** Resolves when `res` can take more data, or is closed. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}

/** Writes a `Response` to node:http: status, headers, then the body as it comes, no faster than the client reads. */
async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) {
        await reader.cancel();
        return;
      }
      if (!res.write(value)) await drained(res);
    }
    res.end();
  } catch (error) {
    res.destroy(error as Error);
  }
}

/** The answer to a request the handler cannot be given: a method a `Request` cannot carry, or an unreadable target. */
function unrepresentable(req: IncomingMessage): Response {
  return FORBIDDEN_METHODS.has(req.method ?? '')
    ? errorResponse(405, 'method_not_allowed', `${req.method} is not allowed here`)
    : errorResponse(400, 'invalid_request', 'the request target is not a valid path');
}

/**
 * Serves a web-standard handler over node:http: builds the `Request` (body streamed, with
 * backpressure), aborts its signal when the client goes away, writes the `Response`, and
 * drops an unread body so the connection stays usable.
 */
export function createNodeListener(handler: LedgerHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const aborted = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) aborted.abort();
    });
    let built: ReturnType<typeof requestFromNode> | undefined;
    try {
      built = requestFromNode(req, aborted.signal);
    } catch {
      // Not sent to the handler; answered like the router would.
    }
    const answer = built ? handler(built.request) : Promise.resolve(unrepresentable(req));
    void answer
      .catch(() => errorResponse(500, 'internal_error', 'the ledger failed; the request may be retried'))
      .then((response) => {
        // An unread body would otherwise keep the socket busy.
        if (!req.complete) (built?.discardBody ?? (() => req.resume()))();
        return writeResponse(res, response);
      })
      .catch((error: unknown) => res.destroy(error as Error));
  };
}

/** An HTTP server for the handler; requests node:http itself refuses get the ledger's JSON 431/400. */
export function createNodeServer(handler: LedgerHandler): Server {
  const server = createServer(createNodeListener(handler));
  server.on('clientError', answerClientError);
  return server;
}
